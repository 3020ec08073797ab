package io.hubjira.connection;

/**
 * How many Smart Connected Items bound to a connection have linked records. Their links name record ids of one portal
 * and issue keys of one site, so such a connection must stay on that portal or site when it is reconnected.
 */
public interface LinkedItems {

    int linkedItemsOfHubSpot(long connectionId);

    int linkedItemsOfJira(long connectionId);
}
