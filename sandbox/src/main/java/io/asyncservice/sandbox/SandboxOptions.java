package io.asyncservice.sandbox;

import io.asyncservice.sandbox.broker.SandboxBroker;
import java.nio.file.Path;
import java.util.List;

/**
 * The sandbox's command line.
 *
 * @param broker        sqs (default), kafka, nats or amqp
 * @param demo          run the demo (default); {@code --no-demo} only starts everything
 * @param exitAfterDemo stop after the demo's summary instead of staying up for kubectl
 * @param messages      how many messages the demo sends
 * @param workDir       where the kubeconfig, logs, pods and rendered examples go
 * @param apiPort       the API's port; 0 picks a free one
 */
public record SandboxOptions(String broker, boolean demo, boolean exitAfterDemo, int messages, Path workDir,
        int apiPort) {

    public static final String USAGE = """
            usage: sandbox/run [--broker sqs|kafka|nats|amqp] [--no-demo] [--exit-after-demo] [--messages N]
                               [--work-dir DIR] [--api-port PORT]
              --broker           the queue broker: sqs (embedded ElasticMQ, default), kafka (embedded KRaft),
                                 nats or amqp (this machine's NATS JetStream or RabbitMQ)
              --no-demo          start everything and wait for your kubectl and messages
              --exit-after-demo  stop after the demo's summary (default: stay up until Ctrl-C)
              --messages         how many messages the demo sends (default 200)
              --work-dir         kubeconfig, logs, pod directories, rendered examples (default ./sandbox-work)
              --api-port         the Kubernetes API's port (default: a free one)""";

    public static SandboxOptions parse(List<String> args) {
        String broker = "sqs";
        boolean demo = true;
        boolean exitAfterDemo = false;
        int messages = 200;
        Path workDir = Path.of("sandbox-work");
        int apiPort = 0;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--broker" -> broker = value(args, ++i, arg);
                case "--no-demo" -> demo = false;
                case "--exit-after-demo" -> exitAfterDemo = true;
                case "--messages" -> messages = Integer.parseInt(value(args, ++i, arg));
                case "--work-dir" -> workDir = Path.of(value(args, ++i, arg));
                case "--api-port" -> apiPort = Integer.parseInt(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!SandboxBroker.kinds().contains(broker)) {
            throw new IllegalArgumentException("--broker must be one of " + SandboxBroker.kinds() + ", not " + broker);
        }
        if (messages < 1) {
            throw new IllegalArgumentException("--messages must be at least 1");
        }
        return new SandboxOptions(broker, demo, exitAfterDemo, messages, workDir.toAbsolutePath().normalize(), apiPort);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
