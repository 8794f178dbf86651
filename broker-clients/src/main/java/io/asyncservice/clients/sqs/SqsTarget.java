package io.asyncservice.clients.sqs;

import java.net.URI;

/**
 * Where an SQS client connects: its signing region and, for a VPC endpoint or an SQS-compatible server, the endpoint
 * override ({@code null} for the region's own SQS endpoint). Built by {@link SqsEndpoints#target}.
 */
public record SqsTarget(String region, URI endpointOverride) {

    /** The endpoint for logs: the override, else the region. */
    public String describe() {
        return endpointOverride != null ? endpointOverride.toString() : region;
    }
}
