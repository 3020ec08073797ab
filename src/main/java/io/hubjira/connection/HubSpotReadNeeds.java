package io.hubjira.connection;

import java.util.List;
import java.util.Map;

/**
 * What the items bound to a HubSpot connection read there: each object type and the items (with why) that need it.
 * A credential saved into that connection must be able to read all of them.
 */
public interface HubSpotReadNeeds {

    /** {@code connectionId} 0: a connection not saved yet, which no item is bound to. */
    Map<String, List<String>> objectsNeeded(long connectionId);
}
