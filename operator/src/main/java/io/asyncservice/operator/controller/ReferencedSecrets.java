package io.asyncservice.operator.controller;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.model.SecretReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Secrets AsyncServices refer to. A change to one triggers a reconcile of every AsyncService that refers to it,
 * found through an index on the AsyncService cache, so that its pods roll with the new values.
 *
 * <p>The informer watches all Secrets of the watched namespaces (list and watch cannot be narrowed to names), but
 * only referenced ones are ever mapped to an AsyncService or read.
 */
final class ReferencedSecrets {

    static final String EVENT_SOURCE = "referenced-secrets";
    private static final String INDEX = "asyncservice.io/referenced-secrets";

    private ReferencedSecrets() {
    }

    static InformerEventSource<Secret, AsyncService> eventSource(EventSourceContext<AsyncService> context) {
        context.getPrimaryCache().addIndexer(INDEX, asvc -> asvc.getSpec() == null ? List.of()
                : SecretReference.secretNames(asvc.getSpec()).stream()
                        .map(name -> key(asvc.getMetadata().getNamespace(), name))
                        .toList());
        PrimaryToSecondaryMapper<AsyncService> toSecrets = ReferencedSecrets::secretIds;
        var configuration = InformerEventSourceConfiguration.from(Secret.class, AsyncService.class)
                .withName(EVENT_SOURCE)
                .withPrimaryToSecondaryMapper(toSecrets)
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .byIndex(INDEX, key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /** The referenced Secrets that exist, by name. */
    static Map<String, Secret> byName(Context<AsyncService> context) {
        return context.getSecondaryResources(Secret.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s, (a, b) -> a));
    }

    private static Set<ResourceID> secretIds(AsyncService asvc) {
        if (asvc.getSpec() == null) {
            return Set.of();
        }
        String namespace = asvc.getMetadata().getNamespace();
        return SecretReference.secretNames(asvc.getSpec()).stream()
                .map(name -> new ResourceID(name, namespace))
                .collect(Collectors.toSet());
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
