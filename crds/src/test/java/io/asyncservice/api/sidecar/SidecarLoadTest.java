package io.asyncservice.api.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The JSON of {@code /load}, as the sidecar writes it and the scaler reads it: both use this record and Jackson. */
class SidecarLoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void isWrittenAsTheDocumentedJson() throws Exception {
        assertThat(JSON.writeValueAsString(new SidecarLoad(2, 12.5, 1234, false)))
                .isEqualTo("{\"inFlight\":2,\"oldestInFlightSeconds\":12.5,\"succeeded\":1234,\"draining\":false}");
    }

    @Test
    void isReadBackAndIgnoresMembersANewerSidecarMayAdd() throws Exception {
        assertThat(JSON.readValue("{\"inFlight\":2,\"oldestInFlightSeconds\":12.5,\"succeeded\":1234,\"draining\":true,"
                + "\"somethingNew\":[1]}", SidecarLoad.class)).isEqualTo(new SidecarLoad(2, 12.5, 1234, true));
    }

    @Test
    void aNegativeCountIsNoLoad() {
        assertThatThrownBy(() -> JSON.readValue("{\"inFlight\":-1,\"oldestInFlightSeconds\":0,\"succeeded\":0,\"draining\":false}",
                SidecarLoad.class)).hasMessageContaining("inFlight must not be negative");
    }

    @Test
    void idleMeansNothingInFlightAndStillFetching() {
        assertThat(new SidecarLoad(0, 0, 7, false).idle()).isTrue();
        assertThat(new SidecarLoad(1, 0.1, 7, false).idle()).isFalse();
        assertThat(new SidecarLoad(0, 0, 7, true).idle()).as("draining").isFalse();
    }
}
