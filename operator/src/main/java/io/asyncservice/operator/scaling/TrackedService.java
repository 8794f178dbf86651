package io.asyncservice.operator.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One followed AsyncService: its latest spec, its timer, its open backlog reader and what the policy remembers.
 *
 * <p>At most one poll runs per service ({@link #beginPoll()} / {@link #endPoll()}); the poll's own state (history,
 * failing reason) is touched only by that poll. The reader is closed by whoever finishes last: by {@link #retire()}
 * when no poll is running, else by the poll when it ends.
 */
final class TrackedService {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedService.class);

    private ScaledService service;
    private ScheduledFuture<?> timer;
    private Duration scheduledInterval;
    private boolean inFlight;
    private boolean retired;
    private boolean readerStale;
    private BacklogReader reader;
    private boolean resetRequested;

    // Owned by the running poll.
    ScalingHistory history = ScalingHistory.empty();
    Instant lastScaleTime;
    Long lastBacklog;
    String failingReason;
    private CompletionRate completionRate;
    private Duration completionRateWindow;
    private Duration completionRateSpan;

    TrackedService(ScaledService service) {
        this.service = service;
    }

    /**
     * The completion-rate estimate of the running poll, for {@code rules}; a new, empty one when the rules' window or
     * polling interval changed, since the samples kept were taken for the old ones.
     */
    CompletionRate completionRate(ScalingRules rules) {
        if (completionRate == null || !rules.drainRateWindow().equals(completionRateWindow)
                || !rules.pollingInterval().equals(completionRateSpan)) {
            completionRate = CompletionRate.forRules(rules);
            completionRateWindow = rules.drainRateWindow();
            completionRateSpan = rules.pollingInterval();
        }
        return completionRate;
    }

    synchronized ScaledService service() {
        return service;
    }

    /** Takes a new spec; a different input closes the reader, so the next poll opens one for the new queue. */
    synchronized void update(ScaledService next) {
        if (!service.sameInput(next)) {
            dropReader();
        }
        service = next;
    }

    synchronized boolean beginPoll() {
        if (retired || inFlight) {
            return false;
        }
        inFlight = true;
        return true;
    }

    synchronized void endPoll() {
        inFlight = false;
        if (retired || readerStale) {
            readerStale = false;
            closeReader();
        }
    }

    synchronized boolean pollInFlight() {
        return inFlight;
    }

    synchronized BacklogReader reader() {
        return reader;
    }

    synchronized void reader(BacklogReader opened) {
        this.reader = opened;
    }

    /** Closes the reader now, or at the end of the running poll. */
    synchronized void dropReader() {
        if (inFlight) {
            readerStale = true;
        } else {
            closeReader();
        }
    }

    /** Called by the running poll after a failed read: the next poll reopens it, reading the Secret afresh. */
    synchronized void closeReaderAfterFailure() {
        closeReader();
    }

    synchronized void schedule(ScheduledFuture<?> next, Duration interval) {
        cancelTimer();
        timer = next;
        scheduledInterval = interval;
    }

    synchronized Duration scheduledInterval() {
        return timer == null ? null : scheduledInterval;
    }

    synchronized void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Stops following the service for good. */
    synchronized void retire() {
        retired = true;
        cancelTimer();
        dropReader();
    }

    synchronized boolean retired() {
        return retired;
    }

    /** Asks the next poll to forget what the policy learnt, e.g. after leadership was lost and regained. */
    synchronized void requestReset() {
        resetRequested = true;
    }

    /** Called by the running poll: forgets the history if a reset was asked for. */
    synchronized void resetIfRequested() {
        if (resetRequested) {
            resetRequested = false;
            history = ScalingHistory.empty();
            failingReason = null;
        }
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the backlog reader of {} failed: {}", service.key(), e.toString());
            }
            reader = null;
        }
    }
}
