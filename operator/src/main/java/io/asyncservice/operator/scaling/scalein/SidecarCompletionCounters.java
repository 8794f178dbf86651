package io.asyncservice.operator.scaling.scalein;

import io.asyncservice.operator.scaling.CompletionCounters;
import io.asyncservice.operator.scaling.ScaledService;
import java.util.LinkedHashMap;
import java.util.Map;

/** The success counters of a service's sidecars, from the same {@code /load} reads as the scale-in's. */
public final class SidecarCompletionCounters implements CompletionCounters {

    private final PodLoadSurvey survey;

    public SidecarCompletionCounters(PodLoadSurvey survey) {
        this.survey = survey;
    }

    @Override
    public Map<String, Long> succeededByPod(ScaledService service) {
        Map<String, Long> counts = new LinkedHashMap<>();
        survey.read(service).readable().forEach((pod, load) -> counts.put(pod, load.succeeded()));
        return counts;
    }
}
