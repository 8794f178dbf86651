package io.asyncservice.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An HTTP service that works off a queue: the user's pod template, the endpoint the sidecar POSTs each message to,
 * the input (and optional output and dead-letter) queue, and how replicas follow the backlog.
 */
@Group(AsyncService.GROUP)
@Version(AsyncService.VERSION)
@Kind("AsyncService")
@Plural("asyncservices")
@Singular("asyncservice")
@ShortNames("asvc")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Backlog", jsonPath = ".status.backlog", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class AsyncService extends CustomResource<AsyncServiceSpec, AsyncServiceStatus> implements Namespaced {

    public static final String GROUP = "asyncservice.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected AsyncServiceStatus initStatus() {
        return new AsyncServiceStatus();
    }
}
