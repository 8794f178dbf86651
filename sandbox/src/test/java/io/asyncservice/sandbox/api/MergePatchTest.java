package io.asyncservice.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MergePatchTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text.replace('\'', '"'));
    }

    @Test
    void followsRfc7386() throws Exception {
        JsonNode target = json("{'a':'b','c':{'d':'e','f':'g'},'list':[1,2,3]}");
        JsonNode patch = json("{'a':'z','c':{'f':null},'list':[4],'new':{'x':1}}");

        assertThat(MergePatch.apply(target, patch)).isEqualTo(json("{'a':'z','c':{'d':'e'},'list':[4],'new':{'x':1}}"));
        assertThat(target).isEqualTo(json("{'a':'b','c':{'d':'e','f':'g'},'list':[1,2,3]}"));
    }

    @Test
    void topLevelOperationsTurnTheCurrentObjectIntoTheMergedOne() throws Exception {
        JsonNode current = json("{'kind':'X','spec':{'a':1},'status':{'s':1},'data':{}}");
        JsonNode merged = json("{'kind':'X','spec':{'a':2},'status':{'s':1},'extra':true}");

        assertThat(PatchTranslator.topLevelOps(current, merged)).isEqualTo(json(
                "[{'op':'add','path':'/spec','value':{'a':2}},{'op':'add','path':'/extra','value':true},"
                        + "{'op':'remove','path':'/data'}]"));
    }
}
