package io.asyncservice.sandbox.demo;

import java.time.Duration;

/**
 * The end of a demo run.
 *
 * @param drained      from the first message sent to the last result received
 * @param maxReplicas  the most replicas the scaler asked for
 * @param backToZero   whether replicas went back to 0 before the run ended
 */
public record DemoSummary(String broker, int sent, int received, int succeeded, int failed, int duplicates, int lost,
        int unexpected, Duration drained, int maxReplicas, boolean backToZero) {

    public String render() {
        return """
                ==================== sandbox demo summary (%s) ====================
                  sent                %d
                  outputs received    %d  (%d SUCCESS, %d FAILED or dead-lettered)
                  duplicates          %d
                  lost                %d%s
                  time to drain       %.1f s
                  replicas            0 -> %d -> %s
                ====================================================================="""
                .formatted(broker, sent, received, succeeded, failed, duplicates, lost,
                        unexpected > 0 ? "  (and " + unexpected + " results for ids never sent)" : "",
                        drained.toMillis() / 1000.0, maxReplicas, backToZero ? "0" : "(not yet 0)");
    }
}
