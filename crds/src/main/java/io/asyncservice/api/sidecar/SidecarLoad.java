package io.asyncservice.api.sidecar;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What the sidecar answers on {@link SidecarContract#LOAD_PATH}, and what the operator's scaler reads there, e.g.
 * <pre>{@code {"inFlight":2,"oldestInFlightSeconds":12.5,"succeeded":1234,"draining":false}}</pre>
 * Both sides (de)serialize this record with Jackson, so they agree on the JSON; a reader ignores members it does not
 * know, so a newer sidecar can add some.
 *
 * @param inFlight              messages the sidecar holds now: received and not yet settled (acked, released or
 *                              rejected)
 * @param oldestInFlightSeconds how long the sidecar has held the oldest of them, in seconds; 0 when none
 * @param succeeded             messages this sidecar process has finished with outcome SUCCESS (output durably written,
 *                              input acked) since it started; a counter that only grows, and starts at 0 again when the
 *                              process restarts
 * @param draining              whether the sidecar has stopped fetching (a preStop drain or a shutdown)
 */
@JsonPropertyOrder({"inFlight", "oldestInFlightSeconds", "succeeded", "draining"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record SidecarLoad(
        @JsonProperty("inFlight") int inFlight,
        @JsonProperty("oldestInFlightSeconds") double oldestInFlightSeconds,
        @JsonProperty("succeeded") long succeeded,
        @JsonProperty("draining") boolean draining) {

    @JsonCreator
    public SidecarLoad {
        if (inFlight < 0) {
            throw new IllegalArgumentException("inFlight must not be negative: " + inFlight);
        }
        if (succeeded < 0) {
            throw new IllegalArgumentException("succeeded must not be negative: " + succeeded);
        }
        if (Double.isNaN(oldestInFlightSeconds) || oldestInFlightSeconds < 0) {
            throw new IllegalArgumentException("oldestInFlightSeconds must be a number of seconds, not " + oldestInFlightSeconds);
        }
    }

    /** Nothing in flight and still fetching: a pod whose removal loses no work. */
    public boolean idle() {
        return inFlight == 0 && !draining;
    }
}
