package io.asyncservice.sidecar.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.sidecar.broker.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class KafkaRecordsTest {

    private static RecordHeaders headers(String... kv) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < kv.length; i += 2) {
            h.add(kv[i], kv[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    @Test
    void headerNamesAreLowerCasedAndTheLastValueOfARepeatedNameWins() {
        Map<String, String> map = KafkaRecords.headers(headers("Content-Type", "text/plain", "TraceParent", "00-a-b-01",
                "X-Tag", "one", "x-tag", "two"));
        assertThat(map).containsExactlyInAnyOrderEntriesOf(Map.of(
                "content-type", "text/plain", "traceparent", "00-a-b-01", "x-tag", "two"));
        assertThat(KafkaRecords.contentType(map)).isEqualTo("text/plain");
    }

    @Test
    void theRequestIdIsTheHeaderElseTheKeyElseNone() {
        byte[] key = "key-7".getBytes(StandardCharsets.UTF_8);
        assertThat(KafkaRecords.requestId(KafkaRecords.headers(headers("X-Request-Id", "req-1")), key)).isEqualTo("req-1");
        assertThat(KafkaRecords.requestId(Map.of(), key)).isEqualTo("key-7");
        assertThat(KafkaRecords.requestId(Map.of("x-request-id", " "), key)).isEqualTo("key-7");
        assertThat(KafkaRecords.requestId(Map.of(), null)).isNull();
        assertThat(KafkaRecords.requestId(Map.of(), new byte[0])).isNull();
        assertThat(KafkaRecords.contentType(Map.of())).isNull();
    }

    @Test
    void anOutputRecordIsKeyedByTheRequestIdAndCarriesItsHeaders() {
        KafkaSink sink = new KafkaSink("out", null);
        ProducerRecord<byte[], byte[]> record = sink.record(new OutboundMessage("req-9", "{}".getBytes(), "application/json",
                Map.of("TraceParent", "00-abc-def-01", "x-request-id", "stale")));

        assertThat(record.topic()).isEqualTo("out");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("req-9");
        assertThat(KafkaRecords.headers(record.headers())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "x-request-id", "req-9", "content-type", "application/json", "traceparent", "00-abc-def-01"));
    }

    @Test
    void anOutputWithoutRequestIdHasNoKey() {
        KafkaSink sink = new KafkaSink("out", null);
        ProducerRecord<byte[], byte[]> record = sink.record(new OutboundMessage(null, new byte[0], null, Map.of()));
        assertThat(record.key()).isNull();
        assertThat(record.headers().toArray()).isEmpty();
    }
}
