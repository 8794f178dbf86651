package io.asyncservice.operator.validation;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.BackoffSpec;
import io.asyncservice.api.v1alpha1.ByteSizes;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.KafkaSpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.api.v1alpha1.SqsIdentityOwner;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.operator.model.SecretReference;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The input, output and dead-letter brokers, the duration fields, and the Secrets they refer to. */
final class BrokerChecks {

    void check(AsyncService asvc, Map<String, Secret> secrets, List<ValidationProblem> problems) {
        AsyncServiceSpec spec = asvc.getSpec();
        if (spec.getInput() == null) {
            problems.add(problem(ValidationProblem.INVALID_BROKER, "spec.input is missing: set one broker to consume from"));
        }
        checkBroker(QueueRole.INPUT, spec.getInput(), problems);
        checkBroker(QueueRole.OUTPUT, spec.getOutput(), problems);
        checkBroker(QueueRole.DEAD_LETTER, spec.getDeadLetter(), problems);
        if (spec.getInput() != null && spec.getInput().getKafka() != null
                && spec.getOutput() == null && spec.getDeadLetter() == null) {
            problems.add(problem(ValidationProblem.FAILURE_DESTINATION_REQUIRED,
                    "a Kafka input needs spec.output or spec.deadLetter: Kafka has no dead-letter policy of its own, "
                            + "so failed messages need somewhere to go"));
        }
        checkDurations(spec, problems);
        checkSecrets(asvc, secrets, problems);
    }

    private static void checkBroker(QueueRole role, BrokerSpec broker, List<ValidationProblem> problems) {
        if (broker == null) {
            return;
        }
        String at = "spec." + role.field();
        if (broker.kindCount() != 1) {
            problems.add(problem(ValidationProblem.INVALID_BROKER, at + " sets " + broker.kindCount()
                    + " broker kinds; set exactly one of sqs, kafka, nats or amqp"));
            return;
        }
        switch (broker.kind()) {
            case SQS -> checkSqs(role, at + ".sqs", broker.getSqs(), problems);
            case KAFKA -> checkKafka(role, at + ".kafka", broker.getKafka(), problems);
            case NATS -> checkNats(role, at + ".nats", broker.getNats(), problems);
            case AMQP -> {
                required(at + ".amqp.queue", broker.getAmqp().getQueue(), problems);
                required(at + ".amqp.uriSecret.name",
                        broker.getAmqp().getUriSecret() == null ? null : broker.getAmqp().getUriSecret().getName(), problems);
                DurationChecks.check(at + ".amqp.consumerTimeout", broker.getAmqp().getConsumerTimeout(), problems);
            }
        }
    }

    private static void checkSqs(QueueRole role, String at, SqsSpec sqs, List<ValidationProblem> problems) {
        required(at + ".queueUrl", sqs.getQueueUrl(), problems);
        DurationChecks.check(at + ".visibilityTimeout", sqs.getVisibilityTimeout(), problems);
        if (sqs.getIdentityOwner() == null) {
            return;
        }
        if (role != QueueRole.INPUT) {
            problems.add(problem(ValidationProblem.INVALID_BROKER, at + ".identityOwner is for the input only: the scaler "
                    + "reads only the input's backlog, and the sidecar always uses the pod's own credentials"));
        } else if (sqs.getIdentityOwner() == SqsIdentityOwner.OPERATOR && sqs.getCredentialsSecret() != null) {
            problems.add(problem(ValidationProblem.INVALID_BROKER, "set " + at + ".credentialsSecret or " + at
                    + ".identityOwner: operator, not both: with identityOwner: operator the scaler reads the backlog "
                    + "as the operator's own AWS identity and would ignore the Secret"));
        }
    }

    private static void checkKafka(QueueRole role, String at, KafkaSpec kafka, List<ValidationProblem> problems) {
        required(at + ".bootstrapServers", kafka.getBootstrapServers(), problems);
        required(at + ".topic", kafka.getTopic(), problems);
        if (role == QueueRole.INPUT) {
            required(at + ".consumerGroup", kafka.getConsumerGroup(), problems);
        }
    }

    private static void checkNats(QueueRole role, String at, NatsSpec nats, List<ValidationProblem> problems) {
        if (nats.getServers() == null || nats.getServers().isEmpty()) {
            problems.add(problem(ValidationProblem.INVALID_BROKER, at + ".servers is empty: list at least one NATS server URL"));
        }
        required(at + ".stream", nats.getStream(), problems);
        if (role == QueueRole.INPUT) {
            required(at + ".consumer", nats.getConsumer(), problems);
        } else {
            required(at + ".subject", nats.getSubject(), problems);
        }
    }

    private static void checkDurations(AsyncServiceSpec spec, List<ValidationProblem> problems) {
        if (spec.getEndpoint() != null) {
            DurationChecks.check("spec.endpoint.timeout", spec.getEndpoint().getTimeout(), problems);
        }
        BackoffSpec backoff = spec.getDelivery() == null ? null : spec.getDelivery().getBackoff();
        if (backoff != null) {
            DurationChecks.check("spec.delivery.backoff.initial", backoff.getInitial(), problems);
            DurationChecks.check("spec.delivery.backoff.max", backoff.getMax(), problems);
        }
        if (spec.getDelivery() != null) {
            sizeCheck("spec.delivery.maxMessageSize", spec.getDelivery().getMaxMessageSize(), problems);
            sizeCheck("spec.delivery.maxResponseSize", spec.getDelivery().getMaxResponseSize(), problems);
        }
    }

    /** Sizes are checked by the schema's pattern too, but not their range (at most 2Gi, one message in memory). */
    private static void sizeCheck(String field, String text, List<ValidationProblem> problems) {
        if (text == null) {
            return;
        }
        try {
            ByteSizes.parse(field, text);
        } catch (IllegalArgumentException e) {
            problems.add(new ValidationProblem(ValidationProblem.INVALID_SIZE, e.getMessage()));
        }
    }

    private static void checkSecrets(AsyncService asvc, Map<String, Secret> secrets, List<ValidationProblem> problems) {
        String namespace = asvc.getMetadata().getNamespace();
        Map<String, List<SecretReference>> byName = new LinkedHashMap<>();
        SecretReference.of(asvc.getSpec()).forEach(r -> byName.computeIfAbsent(r.secretName(), n -> new ArrayList<>()).add(r));
        byName.forEach((name, refs) -> {
            Secret secret = secrets.get(name);
            if (secret == null) {
                String fields = refs.stream().map(SecretReference::field).collect(Collectors.joining(", "));
                problems.add(problem(ValidationProblem.SECRET_NOT_FOUND, "Secret '" + name + "' (" + fields
                        + ") does not exist in namespace '" + namespace + "'; create it or fix the name"));
                return;
            }
            Set<String> keys = keys(secret);
            for (SecretReference ref : refs) {
                ref.requiredKeys().stream().filter(k -> !keys.contains(k)).forEach(k -> problems.add(problem(
                        ValidationProblem.SECRET_KEY_MISSING, "Secret '" + name + "' has no key '" + k + "', which "
                                + ref.field() + " needs; its keys are: " + (keys.isEmpty() ? "none" : String.join(", ", keys)))));
            }
        });
    }

    private static Set<String> keys(Secret secret) {
        Set<String> keys = new HashSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return new TreeSet<>(keys);
    }

    private static void required(String field, String value, List<ValidationProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(problem(ValidationProblem.INVALID_BROKER, field + " is required"));
        }
    }

    private static ValidationProblem problem(String reason, String message) {
        return new ValidationProblem(reason, message);
    }
}
