package io.asyncservice.clients.sqs;

import io.asyncservice.api.sidecar.SidecarContract;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The AWS credentials an SQS client signs with: static keys from a Secret (with a session token when there is one),
 * else the SDK's default chain (IRSA, instance profile, environment). Equal keys are equal credentials (the scaler
 * pools clients by them); the string form never shows a key.
 */
public record SqsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public static final String ACCESS_KEY_ID = SidecarContract.SQS_SECRET_KEYS.get(0);
    public static final String SECRET_ACCESS_KEY = SidecarContract.SQS_SECRET_KEYS.get(1);
    public static final String SESSION_TOKEN = SidecarContract.SQS_SECRET_KEYS.get(2);

    /** The SDK's default credentials chain. */
    public static final SqsCredentials DEFAULT_CHAIN = new SqsCredentials(null, null, null);

    /** Static keys; {@code sessionToken} may be null. */
    public static SqsCredentials of(String accessKeyId, String secretAccessKey, String sessionToken) {
        if (accessKeyId == null || secretAccessKey == null) {
            throw new IllegalArgumentException("static AWS credentials need both " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY);
        }
        return new SqsCredentials(accessKeyId, secretAccessKey, sessionToken);
    }

    /** Static keys when the Secret ({@code key -> value}, empty when absent) has both, else the default chain. */
    public static SqsCredentials from(Function<String, Optional<String>> secret) {
        Optional<String> id = secret.apply(ACCESS_KEY_ID);
        Optional<String> key = secret.apply(SECRET_ACCESS_KEY);
        if (id.isPresent() && key.isPresent()) {
            return of(id.get(), key.get(), secret.apply(SESSION_TOKEN).orElse(null));
        }
        return DEFAULT_CHAIN;
    }

    public boolean isDefaultChain() {
        return accessKeyId == null;
    }

    public AwsCredentialsProvider provider() {
        if (isDefaultChain()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(sessionToken == null
                ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
    }

    @Override
    public String toString() {
        return isDefaultChain() ? "SqsCredentials[default chain]"
                : "SqsCredentials[static" + (sessionToken == null ? "" : ", session") + "]";
    }
}
