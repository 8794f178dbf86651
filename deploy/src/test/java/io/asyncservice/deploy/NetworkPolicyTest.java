package io.asyncservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * networkPolicy.*: an opt-in NetworkPolicy that isolates the operator pods for inbound traffic, leaving their egress
 * (API server, brokers) alone. The AsyncServices' pods in the users' namespaces are never selected: the chart does not
 * know their app ports, and NetworkPolicies only add up (see values.yaml and the README).
 */
class NetworkPolicyTest {

    private static final String ENABLED = "networkPolicy.enabled=true";
    private static final String PROMETHEUS = "[{\"namespaceSelector\":{\"matchLabels\":"
            + "{\"kubernetes.io/metadata.name\":\"monitoring\"}},\"podSelector\":{\"matchLabels\":"
            + "{\"app.kubernetes.io/name\":\"prometheus\"}}},{\"ipBlock\":{\"cidr\":\"10.0.0.0/8\"}}]";

    @Test
    void noNetworkPolicyByDefault() {
        assertThat(Chart.render().ofKind("NetworkPolicy")).isEmpty();
        assertThat(Chart.render("--set", "watchNamespaces={team-a,team-b}").ofKind("NetworkPolicy")).isEmpty();
    }

    @Test
    void enabledIsolatesTheOperatorPodsForIngressOnlyAndLetsTheHelmTestInOnTheHttpPort() {
        Chart.Rendered chart = Chart.render("--set", ENABLED);
        NetworkPolicy policy = chart.one(NetworkPolicy.class);
        Deployment deployment = chart.one(Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(policy.getMetadata().getName()).isEqualTo("async-service-operator");
        assertThat(policy.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).as("egress to the API server and brokers is untouched")
                .containsExactly("Ingress");
        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();

        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
        assertThat(policy.getSpec().getIngress()).hasSize(1);
        assertOnlyTheHttpPort(rule, deployment);

        Pod test = chart.one(Pod.class);
        assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector()).as("the release namespace only").isNull();
            assertThat(peer.getIpBlock()).isNull();
            assertThat(test.getMetadata().getLabels()).containsAllEntriesOf(peer.getPodSelector().getMatchLabels());
            assertThat(podLabels).as("the peer is not the operator pods")
                    .doesNotContainEntry("app.kubernetes.io/name", peer.getPodSelector().getMatchLabels()
                            .get("app.kubernetes.io/name"));
        });
    }

    @Test
    void metricsFromPeersMayReachTheHttpPortBesideTheHelmTest() {
        Chart.Rendered chart = Chart.render("--set", ENABLED, "--set-json", "networkPolicy.metricsFrom=" + PROMETHEUS,
                "--set", "metrics.port=9090");
        NetworkPolicy policy = chart.one(NetworkPolicy.class);

        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertOnlyTheHttpPort(rule, chart.one(Deployment.class));
            assertThat(rule.getFrom()).hasSize(3);
            NetworkPolicyPeer prometheus = rule.getFrom().get(0);
            assertThat(prometheus.getNamespaceSelector().getMatchLabels())
                    .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
            assertThat(prometheus.getPodSelector().getMatchLabels())
                    .containsExactly(Map.entry("app.kubernetes.io/name", "prometheus"));
            assertThat(rule.getFrom().get(1).getIpBlock().getCidr()).isEqualTo("10.0.0.0/8");
            assertThat(rule.getFrom().get(2).getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", "test");
        });
    }

    @Test
    void withoutPeersNothingMayReachTheOperatorPods() {
        NetworkPolicy policy = Chart.render("--set", ENABLED, "--set", "tests.enabled=false").one(NetworkPolicy.class);

        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).as("an empty list denies all ingress; a rule without from would allow all")
                .isEmpty();

        NetworkPolicy onlyPrometheus = Chart.render("--set", ENABLED, "--set", "tests.enabled=false",
                "--set-json", "networkPolicy.metricsFrom=" + PROMETHEUS).one(NetworkPolicy.class);
        assertThat(onlyPrometheus.getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getFrom()).as("no helm test peer").hasSize(2)
                        .allSatisfy(peer -> assertThat(peer.getPodSelector() == null ? Map.<String, String>of()
                                : peer.getPodSelector().getMatchLabels())
                                .doesNotContainEntry("app.kubernetes.io/component", "test")));
    }

    @Test
    void leavesTheAsyncServicePodsInTheWatchedNamespacesAlone() {
        Chart.Rendered chart = Chart.render("--set", ENABLED, "--set", "watchNamespaces={team-a,team-b}");

        assertThat(chart.ofKind("NetworkPolicy")).singleElement().satisfies(
                p -> assertThat(p.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE));
    }

    @Test
    void rejectsMetricsFromThatIsNotAList() {
        assertThatThrownBy(() -> Chart.template("--set", ENABLED, "--set", "networkPolicy.metricsFrom=prometheus"))
                .hasMessageContaining("networkPolicy.metricsFrom must be a list of NetworkPolicyPeers");
    }

    /** The rule's single port is the operator container's http port (metrics.port), by name, TCP. */
    private static void assertOnlyTheHttpPort(NetworkPolicyIngressRule rule, Deployment deployment) {
        Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(rule.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(new IntOrString("http"));
            assertThat(port.getProtocol()).isEqualTo("TCP");
            assertThat(port.getEndPort()).isNull();
        });
        assertThat(operator.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(Integer.parseInt(DeploymentTest.env(operator).get("ASVC_HTTP_PORT")));
        });
    }
}
