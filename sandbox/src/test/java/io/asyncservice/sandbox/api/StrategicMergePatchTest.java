package io.asyncservice.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text.replace('\'', '"'));
    }

    @Test
    void mergesContainersByNameAndKeepsWhatThePatchDoesNotMention() throws Exception {
        JsonNode current = json("{'spec':{'containers':[{'name':'app','image':'a:1','ports':[{'containerPort':8000}]},"
                + "{'name':'side','image':'s:1'}]}}");
        JsonNode patch = json("{'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'side'}],"
                + "'containers':[{'name':'app','image':'a:2'}]}}");

        JsonNode result = StrategicMergePatch.apply(current, patch);

        assertThat(result).isEqualTo(json("{'spec':{'containers':[{'name':'app','image':'a:2','ports':[{'containerPort':8000}]},"
                + "{'name':'side','image':'s:1'}]}}"));
    }

    @Test
    void mergesEnvByNameAndDeletesElementsMarkedForDeletion() throws Exception {
        JsonNode current = json("{'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}");
        JsonNode patch = json("{'env':[{'name':'A','value':'10'},{'name':'B','$patch':'delete'},{'name':'C','value':'3'}]}");

        assertThat(StrategicMergePatch.apply(current, patch))
                .isEqualTo(json("{'env':[{'name':'A','value':'10'},{'name':'C','value':'3'}]}"));
    }

    @Test
    void ordersTheListAsSetElementOrderSays() throws Exception {
        JsonNode current = json("{'containers':[{'name':'a'},{'name':'b'}]}");
        JsonNode patch = json("{'$setElementOrder/containers':[{'name':'c'},{'name':'b'},{'name':'a'}],"
                + "'containers':[{'name':'c','image':'c:1'}]}");

        assertThat(StrategicMergePatch.apply(current, patch))
                .isEqualTo(json("{'containers':[{'name':'c','image':'c:1'},{'name':'b'},{'name':'a'}]}"));
    }

    @Test
    void removesNullFieldsAndReplacesListsWithoutMergeKey() throws Exception {
        JsonNode current = json("{'metadata':{'labels':{'a':'1','b':'2'}},'args':['x','y']}");
        JsonNode patch = json("{'metadata':{'labels':{'a':null}},'args':['z']}");

        assertThat(StrategicMergePatch.apply(current, patch))
                .isEqualTo(json("{'metadata':{'labels':{'b':'2'}},'args':['z']}"));
    }

    @Test
    void mergesFinalizersAsASetAndDeletesFromPrimitiveLists() throws Exception {
        JsonNode current = json("{'metadata':{'finalizers':['a','b']}}");

        assertThat(StrategicMergePatch.apply(current, json("{'metadata':{'finalizers':['b','c']}}")))
                .isEqualTo(json("{'metadata':{'finalizers':['a','b','c']}}"));
        assertThat(StrategicMergePatch.apply(current, json("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}")))
                .isEqualTo(json("{'metadata':{'finalizers':['b']}}"));
    }

    @Test
    void replaceDirectiveReplacesTheWholeObject() throws Exception {
        JsonNode current = json("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}");
        JsonNode patch = json("{'spec':{'strategy':{'$patch':'replace','type':'Recreate'}}}");

        assertThat(StrategicMergePatch.apply(current, patch)).isEqualTo(json("{'spec':{'strategy':{'type':'Recreate'}}}"));
    }

    @Test
    void retainKeysDropsFieldsNotListed() throws Exception {
        JsonNode current = json("{'volume':{'name':'v','emptyDir':{},'secret':{'secretName':'s'}}}");
        JsonNode patch = json("{'volume':{'$retainKeys':['name','secret'],'secret':{'secretName':'t'}}}");

        assertThat(StrategicMergePatch.apply(current, patch))
                .isEqualTo(json("{'volume':{'name':'v','secret':{'secretName':'t'}}}"));
    }

    @Test
    void mergesContainerPortsByContainerPortAndServicePortsByPort() throws Exception {
        JsonNode container = json("{'ports':[{'containerPort':80,'name':'http'},{'containerPort':9000}]}");
        JsonNode service = json("{'ports':[{'port':80,'targetPort':8080}]}");

        assertThat(StrategicMergePatch.apply(container, json("{'ports':[{'containerPort':80,'protocol':'TCP'}]}")))
                .isEqualTo(json("{'ports':[{'containerPort':80,'name':'http','protocol':'TCP'},{'containerPort':9000}]}"));
        assertThat(StrategicMergePatch.apply(service, json("{'ports':[{'port':80,'targetPort':9090}]}")))
                .isEqualTo(json("{'ports':[{'port':80,'targetPort':9090}]}"));
    }
}
