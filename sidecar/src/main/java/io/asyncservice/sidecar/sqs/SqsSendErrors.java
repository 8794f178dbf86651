package io.asyncservice.sidecar.sqs;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Which SQS send errors no retry can fix. SQS reports an error either for the whole SendMessageBatch call (an
 * exception) or for single entries of a call that succeeded (a BatchResultErrorEntry). Codes come spelled the JSON
 * protocol's way ({@code KmsAccessDenied}) or the query protocol's ({@code KMS.AccessDeniedException},
 * {@code AWS.SimpleQueueService.…}) depending on the server; both spellings are known here.
 *
 * <p>Permanent are errors about who is asking ({@link Kind#IDENTITY}: AccessDenied, InvalidClientTokenId,
 * SignatureDoesNotMatch, KMS access denied, ...), which hold for every message of the call alike, and errors about one
 * message's content ({@link Kind#CONTENT}: too long, characters SQS does not allow, an empty body, a missing or invalid
 * parameter). Everything else is {@link Kind#TRANSIENT}, notably a queue that does not exist right now
 * (QueueDoesNotExist: it may be being recreated), throttling (RequestThrottled, KMS.ThrottlingException), a KMS key that
 * is disabled or pending (KMS.DisabledException, KMS.InvalidStateException: key states change by design), an expired
 * session token, and any 5xx.
 */
final class SqsSendErrors {

    /** What an error says about a retry. */
    enum Kind {
        /** May pass: retry. */
        TRANSIENT,
        /** The caller may not do this, whatever the message: no retry passes. */
        IDENTITY,
        /** This message can never be sent as it is: no retry passes. */
        CONTENT
    }

    private static final String QUERY_PREFIX = "AWS.SimpleQueueService.";
    private static final Set<String> IDENTITY = Set.of("AccessDenied", "AccessDeniedException", "InvalidClientTokenId",
            "UnrecognizedClientException", "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken",
            "InvalidSecurity", "OptInRequired",
            "KmsAccessDenied", "KMS.AccessDeniedException", "KmsNotFound", "KMS.NotFoundException",
            "KmsInvalidKeyUsage", "KMS.InvalidKeyUsageException", "KmsOptInRequired", "KMS.OptInRequired");
    private static final Set<String> CONTENT = Set.of("InvalidParameterValue", "InvalidAttributeValue",
            "InvalidAttributeName", "InvalidMessageContents", "MissingParameter", "MessageTooLong", "BatchRequestTooLong");
    private static final Set<String> TOO_LONG = Set.of("MessageTooLong", "BatchRequestTooLong");
    /** ElasticMQ says {@code MessageTooLong}; AWS {@code Message must be shorter than 262144 bytes} and the like. */
    private static final Pattern TOO_LONG_TEXT = Pattern.compile("(?i)MessageTooLong|too long|(?:shorter|longer) than \\d+ bytes");
    private static final Pattern LIMIT = Pattern.compile("(?i)(?:shorter|longer) than (\\d+) bytes");

    private SqsSendErrors() {
    }

    /** What a failed call means. */
    static Kind of(AwsServiceException e) {
        return of(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode());
    }

    /** What an error code (of a call or of one entry) means. */
    static Kind of(String code) {
        if (code == null) {
            return Kind.TRANSIENT;
        }
        String c = code.startsWith(QUERY_PREFIX) ? code.substring(QUERY_PREFIX.length()) : code;
        if (IDENTITY.contains(c)) {
            return Kind.IDENTITY;
        }
        return CONTENT.contains(c) ? Kind.CONTENT : Kind.TRANSIENT;
    }

    /** Whether a content error is about the message's size rather than its content. */
    static boolean isTooLarge(String code, String message) {
        String c = code == null ? "" : code.startsWith(QUERY_PREFIX) ? code.substring(QUERY_PREFIX.length()) : code;
        return TOO_LONG.contains(c) || (message != null && TOO_LONG_TEXT.matcher(message).find());
    }

    /** The limit in bytes the server's message names, or -1 when it names none. */
    static long limitIn(String message) {
        if (message == null) {
            return -1;
        }
        Matcher m = LIMIT.matcher(message);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** {@code code: message}, as the server put it. */
    static String said(AwsServiceException e) {
        return e.awsErrorDetails() == null ? String.valueOf(e.getMessage())
                : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    }
}
