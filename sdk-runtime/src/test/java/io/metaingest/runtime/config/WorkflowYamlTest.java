package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The commands' readers of a workflow's text take an unquoted ${VAR} in a flow collection as the loader does. */
class WorkflowYamlTest {

    private static final String FLOW = "workflowConfig: {successThreshold: ${THR}, loggerLevel: \"${LVL:-INFO}\"}\n"
            + "tags: [${A}, b]\n";

    @Test
    void theTreeHoldsEachReferenceAsWritten() throws Exception {
        JsonNode root = WorkflowYaml.readTree(FLOW);

        assertThat(root.at("/workflowConfig/successThreshold").asText()).isEqualTo("${THR}");
        assertThat(root.at("/workflowConfig/loggerLevel").asText()).isEqualTo("${LVL:-INFO}");
        assertThat(root.at("/tags/0").asText()).isEqualTo("${A}");
        assertThat(WorkflowYaml.readTree("a: 1\n").at("/a").asInt()).isEqualTo(1);
    }

    @Test
    void composedScalarsAreAsWrittenAndTheirMarksAtTheirPlaceInTheText() {
        String text = "a: &x {b: ${B}, c: [${C}]}\nd: *x\n";
        MappingNode root = (MappingNode) WorkflowYaml.compose(text, WorkflowYaml.loaderOptions());

        MappingNode a = (MappingNode) root.getValue().get(0).getValueNode();
        ScalarNode b = (ScalarNode) a.getValue().get(0).getValueNode();
        assertThat(b.getValue()).isEqualTo("${B}");
        assertThat(text.substring(b.getStartMark().getIndex(), b.getEndMark().getIndex())).isEqualTo("${B}");
        Node c = ((SequenceNode) a.getValue().get(1).getValueNode()).getValue().get(0);
        assertThat(((ScalarNode) c).getValue()).isEqualTo("${C}");
        NodeTuple d = root.getValue().get(1);
        assertThat(d.getValueNode()).as("the alias still shares its anchor's node").isSameAs(a);
    }

    @Test
    void aKeyWrittenTwiceInAFlowMappingWithAReferenceIsFound() {
        assertThatThrownBy(() -> WorkflowLoader.checkDuplicateKeys("workflowConfig: {successThreshold: ${THR},\n"
                + "  successThreshold: 90}\n"))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::path).containsExactly("workflowConfig.successThreshold"));
    }
}
