package io.asyncservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes/ is the chart rendered with its defaults; it fails on drift with the command that fixes it. */
class PlainManifestsTest {

    @Test
    void operatorManifestIsTheChartWithDefaults() {
        Drift.assertCommitted(PlainManifests.OPERATOR, PlainManifests.operator(), "helm template with the defaults");
    }

    @Test
    void crdIsTheGeneratedOne() {
        Drift.assertCommitted(PlainManifests.CRD, Drift.read(ChartCrdTest.GENERATED), "a copy of crds/"
                + ChartCrdTest.CRD_FILE);
    }

    @Test
    void namespaceComesFirstAndNoHelmTestIsIncluded() {
        List<HasMetadata> objects = Chart.parse(Drift.read(PlainManifests.OPERATOR));

        assertThat(objects.get(0)).isInstanceOf(Namespace.class);
        assertThat(objects.get(0).getMetadata().getName()).isEqualTo(Chart.NAMESPACE);
        assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("Pod");
        assertThat(objects).filteredOn(Deployment.class::isInstance).hasSize(1);
    }
}
