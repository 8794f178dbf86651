package io.asyncservice.sandbox.e2e;

import io.asyncservice.sandbox.broker.BrokerMessage;
import io.asyncservice.sandbox.demo.Tally;

/** The one line each end-to-end test prints, so that its counts appear in the build's log. */
final class E2eReport {

    private E2eReport() {
    }

    static String line(String test, Tally tally, String extra) {
        String line = "[e2e] %s: sent %d, outputs %d, lost %d, duplicates %d (SUCCESS %d, FAILED %d, dead-lettered %d)%s"
                .formatted(test, tally.sent(), tally.received(), tally.lost(), tally.duplicates(),
                        tally.withStatus("SUCCESS"), tally.withStatus("FAILED"), tally.withStatus(BrokerMessage.DEAD_LETTER),
                        extra.isEmpty() ? "" : "; " + extra);
        System.out.println(line);
        return line;
    }
}
