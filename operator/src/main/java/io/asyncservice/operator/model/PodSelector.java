package io.asyncservice.operator.model;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels an AsyncService's Deployment selects its pods with. A new Deployment selects them with the operator's
 * own label ({@link Names#selectorLabels}), so every {@code app.kubernetes.io/*} label stays the user's.
 *
 * <p>Kubernetes never lets a Deployment's selector change. A Deployment created before the operator had a label of
 * its own selects with {@link Names#legacySelectorLabels} ({@code app.kubernetes.io/name}, {@code instance} and
 * {@code managed-by}); it keeps that selector, and its pods keep those labels, so upgrading the operator neither
 * recreates nor rolls it. Only a template label that contradicts such a selector cannot be honoured: the validator
 * reports it and says how to get the new selector (delete the Deployment; the operator creates it again).
 *
 * @param matchLabels the selector's labels, in a stable order
 */
public record PodSelector(Map<String, String> matchLabels) {

    public PodSelector {
        matchLabels = Map.copyOf(matchLabels);
    }

    /** The selector of a Deployment the operator creates now. */
    public static PodSelector of(AsyncService asvc) {
        return new PodSelector(Names.selectorLabels(asvc));
    }

    /** The selector the Deployment has, if there is one with a selector, else the selector of a new one. */
    public static PodSelector kept(AsyncService asvc, Deployment current) {
        if (current == null || current.getSpec() == null || current.getSpec().getSelector() == null) {
            return of(asvc);
        }
        Map<String, String> labels = current.getSpec().getSelector().getMatchLabels();
        return labels == null || labels.isEmpty() ? of(asvc) : new PodSelector(labels);
    }

    /** Whether this is not the selector a new Deployment would get, i.e. an older operator created the Deployment. */
    public boolean isLegacy(AsyncService asvc) {
        return !matchLabels.equals(Names.selectorLabels(asvc));
    }

    /** The labels sorted by key, as the API server prints them; a new map the caller may change. */
    public Map<String, String> asMap() {
        return new LinkedHashMap<>(new TreeMap<>(matchLabels));
    }

    /** E.g. {@code asyncservice.io/name=summarizer}, for {@code status.selector} and the scale subresource. */
    public String asString() {
        return Names.selectorString(asMap());
    }
}
