package io.asyncservice.sandbox.pods;

import java.util.List;

/**
 * What to do to a Deployment's pods now: how many pods of the current template to create, and which pods to
 * delete.
 */
record ReplicaPlan(int create, List<String> delete) {

    ReplicaPlan {
        delete = List.copyOf(delete);
    }

    boolean isEmpty() {
        return create == 0 && delete.isEmpty();
    }
}
