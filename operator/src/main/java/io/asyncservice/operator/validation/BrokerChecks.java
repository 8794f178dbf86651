package io.asyncservice.operator.validation;

import io.asyncservice.api.broker.BrokerProblems;
import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.BackoffSpec;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.ByteSizes;
import io.asyncservice.api.v1alpha1.BrokerSpec;
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
        BrokerKind.failureDestinationProblem("spec.", spec.getInput(), spec.getOutput(), spec.getDeadLetter())
                .ifPresent(message -> problems.add(problem(ValidationProblem.FAILURE_DESTINATION_REQUIRED, message)));
        checkDurations(spec, problems);
        checkSecrets(asvc, secrets, problems);
    }

    /** The broker's own checks, as its descriptor makes them (the sidecar makes the same), and its Secret reference. */
    private static void checkBroker(QueueRole role, BrokerSpec broker, List<ValidationProblem> problems) {
        if (broker == null) {
            return;
        }
        String at = "spec." + role.field();
        if (broker.kindCount() != 1) {
            problems.add(problem(ValidationProblem.INVALID_BROKER, at + " sets " + broker.kindCount()
                    + " broker kinds; set exactly one of " + BrokerKind.ONE_OF));
            return;
        }
        BrokerProblems found = new BrokerProblems();
        broker.kind().check(role, at, broker, found);
        broker.kind().checkSecretReference(role, at, broker, found);
        for (BrokerProblems.Problem p : found.all()) {
            problems.add(problem(p.kind() == BrokerProblems.Kind.DURATION
                    ? ValidationProblem.INVALID_DURATION : ValidationProblem.INVALID_BROKER, p.message()));
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

    private static ValidationProblem problem(String reason, String message) {
        return new ValidationProblem(reason, message);
    }
}
