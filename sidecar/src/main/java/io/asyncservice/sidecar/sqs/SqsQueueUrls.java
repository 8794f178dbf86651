package io.asyncservice.sidecar.sqs;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a queue URL says: the region of an AWS queue, the endpoint of an SQS-compatible server, FIFO or not. */
final class SqsQueueUrls {

    private static final Pattern[] REGIONAL_HOSTS = {
        Pattern.compile("^sqs[.-]([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$"),
        Pattern.compile("^([a-z0-9-]+)\\.queue\\.amazonaws\\.com(\\.cn)?$"),
        Pattern.compile("^.*\\.sqs\\.([a-z0-9-]+)\\.vpce\\.amazonaws\\.com(\\.cn)?$"),
        Pattern.compile("^sqs\\.([a-z0-9-]+)\\.api\\.aws$"),
    };

    private SqsQueueUrls() {
    }

    /** The region in an AWS queue URL, e.g. eu-west-1 from https://sqs.eu-west-1.amazonaws.com/123/jobs. */
    static Optional<String> region(String queueUrl) {
        String host = host(queueUrl);
        if (host.equals("queue.amazonaws.com")) {
            return Optional.of("us-east-1");
        }
        for (Pattern p : REGIONAL_HOSTS) {
            Matcher m = p.matcher(host);
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** For a queue that is not on AWS (ElasticMQ, LocalStack...): its server, e.g. http://localhost:9324. */
    static Optional<String> nonAwsEndpoint(String queueUrl) {
        URI uri = URI.create(queueUrl);
        String host = host(queueUrl);
        if (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn") || host.endsWith(".api.aws")) {
            return Optional.empty();
        }
        return Optional.of(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    static boolean isFifo(String queueUrl) {
        return queueUrl.endsWith(".fifo");
    }

    private static String host(String queueUrl) {
        String host = URI.create(queueUrl).getHost();
        return host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
    }
}
