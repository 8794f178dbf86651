package io.asyncservice.sidecar.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The sidecar's own logback.xml (not the tests' one), in both formats: a request id with a line break in it, logged the
 * ways the engine logs one (in the message, as a key-value, in the MDC, in an exception), cannot forge a log line.
 */
class LogLinesTest {

    private static final String ID = "req-1\n2026-01-01 ERROR forged\r\u0001\u0085\u2028";
    /** The id as the text format writes it. */
    private static final String ESCAPED = "req-1\\n2026-01-01 ERROR forged\\r\\u0001\\u0085\\u2028";
    private static final String EVENT_START = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z [A-Z]+ +\\[.*";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void inTextARequestIdStaysOnItsEventsLineEscaped() throws Exception {
        List<String> lines = log("text", log -> {
            log.atWarn().addKeyValue("request_id", ID).log("request {} failed", ID);
            log.info("next");
        });

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches(EVENT_START)
                .endsWith(" - request " + ESCAPED + " failed request_id=\"" + ESCAPED + "\"");
        assertThat(lines.get(1)).matches(EVENT_START).endsWith(" - next ");
    }

    @Test
    void inTextAnExceptionMessageCannotStartAnEventLine() throws Exception {
        List<String> lines = log("text", log -> log.error("request {} failed", ID,
                new IllegalStateException("bad id " + ID, new IllegalArgumentException("cause " + ID))));

        assertThat(lines.get(0)).matches(EVENT_START).endsWith(" - request " + ESCAPED + " failed ");
        assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: bad id " + ESCAPED);
        assertThat(lines.subList(2, lines.size())).allSatisfy(l -> assertThat(l).matches("(\t|Caused by: ).*"))
                .contains("Caused by: java.lang.IllegalArgumentException: cause " + ESCAPED);
    }

    @Test
    void inJsonEachEventIsOneLineAndKeepsTheIdExactly() throws Exception {
        List<String> lines = log("json", log -> {
            log.atWarn().addKeyValue("request_id", ID).log("request {} failed", ID);
            log.error("request {} failed", ID, new IllegalStateException("bad id " + ID));
        });

        assertThat(lines).hasSize(2);
        JsonNode warn = JSON.readTree(lines.get(0));
        assertThat(warn.get("formattedMessage").asText()).isEqualTo("request " + ID + " failed");
        assertThat(warn.get("mdc").get("request_id").asText()).isEqualTo(ID);
        assertThat(warn.get("kvpList").get(0).get("request_id").asText()).isEqualTo(ID);
        JsonNode error = JSON.readTree(lines.get(1));
        assertThat(error.get("throwable").get("message").asText()).isEqualTo("bad id " + ID);
    }

    /** What {@code events} log through src/main/resources/logback.xml in {@code format}, split into lines. */
    private static List<String> log(String format, Consumer<Logger> events) throws Exception {
        URL config = LogLinesTest.class.getResource("/logback.xml");
        assertThat(config).as("the sidecar's logback.xml").isNotNull();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.putProperty("asvc.log.format", format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        assertThat(new StatusUtil(context).getHighestLevel(0)).as("logback's own errors").isLessThan(Status.ERROR);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        MDC.put("request_id", ID);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            events.accept(context.getLogger("io.asyncservice.sidecar.engine.DeliveryProcessor"));
        } finally {
            System.setOut(stdout);
            MDC.remove("request_id");
            context.stop();
        }
        // Split as a line-oriented log collector would: on LF, CRLF or CR.
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
