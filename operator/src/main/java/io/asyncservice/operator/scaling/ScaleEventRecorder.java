package io.asyncservice.operator.scaling;

/**
 * Records Kubernetes Events on an AsyncService for what the scaler did or could not do. A seam for the loop's unit
 * tests; in the operator it is {@code kubernetes.ScalerEvents}, which records through the operator's EventRecorder.
 */
public interface ScaleEventRecorder {

    String SCALED = "Scaled";
    String BACKLOG_UNAVAILABLE = "BacklogUnavailable";
    String BACKLOG_AVAILABLE = "BacklogAvailable";

    /** A Normal event, e.g. reason {@code Scaled} with "Scaled from 0 to 3: backlog 27, target 10 per replica". */
    void normal(ScaledService service, String reason, String message);

    /** A Warning event, e.g. reason {@code BacklogUnavailable}. */
    void warning(ScaledService service, String reason, String message);
}
