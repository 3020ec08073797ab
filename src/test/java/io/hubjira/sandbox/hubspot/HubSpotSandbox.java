package io.hubjira.sandbox.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.hubjira.catalog.HubSpotObjectCatalog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The simulated HubSpot: one API for several accounts (portals), as api.hubapi.com serves every portal from one host.
 * It holds the tokens (private-app and OAuth, each bound to its portal) and OAuth apps, and one {@link SimulatedPortal}
 * per portal with that portal's records and metadata; a call sees only the portal of its token. Two demo portals:
 * {@link #PORTAL_A} (na1, the default, whose state the methods here read and change) and {@link #PORTAL_B} (eu1), seeded
 * alike and with colliding record ids. Tests reach another portal through {@link #portal(long)}.
 */
@Component
@Profile("sandbox")
public class HubSpotSandbox {

    public record Token(String token, long portalId, long appId, Set<String> scopes, boolean accountInfoNotFound, Instant expiresAt) {}

    public record Option(String label, String value, int displayOrder) {}

    public record PropertyDef(String name, String label, String type, String fieldType, List<Option> options, boolean readOnly, String referencedObjectType) {}

    public record Stage(String id, String label, int displayOrder, Map<String, String> metadata) {}

    public record Pipeline(String id, String label, int displayOrder, List<Stage> stages) {}

    public record Owner(String id, String email, String firstName, String lastName, long userId) {}

    public record StoredFile(String id, String name, String extension, byte[] bytes, String access, Instant createdAt, String folderPath) {}

    public record OAuthApp(String clientId, String clientSecret, String redirectUri, long portalId, long appId, Set<String> scopes) {}

    /** One CRM record. Values are strings; every change keeps its timestamp per property. */
    public static final class Rec {
        public final String id;
        public final String type;
        public final Map<String, String> properties = new LinkedHashMap<>();
        public final Map<String, List<Map.Entry<String, Instant>>> history = new HashMap<>();
        public Instant createdAt;
        public Instant updatedAt;
        public boolean archived;
        /** What CRM search sees of the record, version by version, each from when it becomes visible (empty: live). */
        final List<Indexed> indexed = new ArrayList<>();

        Rec(String id, String type) {
            this.id = id;
            this.type = type;
        }
    }

    /** One version of a record in the search index, visible from {@code visibleAt}. */
    record Indexed(Instant visibleAt, Rec view) {}

    /** Told of every record created or changed, as HubSpot's webhook subscriptions are. */
    public interface Changes {
        void created(String type, String id);

        void changed(String type, String id, Map<String, String> values);

        default void deleted(String type, String id) {
        }
    }


    public static final String CUSTOM_TYPE_ID = "2-9001";
    public static final String CUSTOM_NAME = "projects_custom";
    public static final Set<String> ALL_TYPES = new LinkedHashSet<>();

    static {
        HubSpotObjectCatalog.objects().forEach(o -> ALL_TYPES.add(o.name()));
        ALL_TYPES.add(CUSTOM_TYPE_ID);
    }

    /** The default demo portal (na1): the one every single-portal test and the demo connect to. */
    public static final long PORTAL_A = 12345678L;
    /** The second demo portal, hosted in the EU (eu1, app-eu1.hubspot.com), seeded like A, with A's record ids. */
    public static final long PORTAL_B = 87654321L;
    /** Portal B's demo private-app token (fake, in HubSpot's eu1 format). */
    public static final String PORTAL_B_TOKEN = "pat-eu1-00000000-0000-4000-8000-000000000002";
    /** The app id of the demo private apps, and of the simulated OAuth apps. */
    static final long PRIVATE_APP_ID = 1234567;
    static final long OAUTH_APP_ID = 7654321;

    private final long portalId;
    private final String demoToken;
    /** Portals by id; A and B always, others as a test registers a token or app for them (seeded alike, until reset). */
    private final Map<Long, SimulatedPortal> portals = new ConcurrentHashMap<>();
    private final SimulatedPortal defaultPortal;
    private final SimulatedPortal portalB;
    final Map<String, Token> tokens = new ConcurrentHashMap<>();
    final Map<String, OAuthApp> oauthApps = new ConcurrentHashMap<>();
    final Map<String, String> authorizationCodes = new ConcurrentHashMap<>();
    /** refresh token → client id */
    final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private volatile long accessTokenSeconds = 1800;
    private volatile java.util.function.Function<SimulatedPortal, Changes> changes;

    public HubSpotSandbox(@Value("${connector.sandbox.hubspot.portal-id:12345678}") long portalId,
                          @Value("${connector.sandbox.hubspot.token:pat-na1-00000000-0000-4000-8000-000000000001}") String demoToken) {
        this.portalId = portalId;
        this.demoToken = demoToken;
        this.defaultPortal = new SimulatedPortal(portalId, "na1");
        portals.put(portalId, defaultPortal);
        long second = portalId == PORTAL_B ? PORTAL_A : PORTAL_B;
        this.portalB = new SimulatedPortal(second, "eu1");
        portals.put(second, portalB);
        reset();
    }

    /** The default portal's id (A). */
    public long portalId() {
        return portalId;
    }

    /** The default portal (A): what the record methods of this class act on. */
    public SimulatedPortal defaultPortal() {
        return defaultPortal;
    }

    /** The second demo portal (B, eu1). */
    public SimulatedPortal portalB() {
        return portalB;
    }

    /**
     * The portal with this id. A and B always exist; any other id is a new account seeded like the demo ones (a test
     * registering a token of a portal makes it), until the next {@link #reset()}.
     */
    public SimulatedPortal portal(long id) {
        return portals.computeIfAbsent(id, this::newPortal);
    }

    /** The portal with this id if the simulator holds it (nothing is made). */
    public Optional<SimulatedPortal> findPortal(long id) {
        return Optional.ofNullable(portals.get(id));
    }

    private SimulatedPortal newPortal(long id) {
        SimulatedPortal p = new SimulatedPortal(id, "na1");
        var listener = changes;
        if (listener != null) {
            p.onChanges(listener.apply(p));
        }
        return p;
    }

    /** Every portal the simulator holds now. */
    public Collection<SimulatedPortal> portals() {
        return List.copyOf(portals.values());
    }

    /** The portal whose account a token belongs to (the one its calls see), if the token is known. */
    public Optional<SimulatedPortal> portalOfToken(String token) {
        Token t = token == null ? null : tokens.get(token);
        return t == null ? Optional.empty() : Optional.of(portal(t.portalId()));
    }

    /** The portal of an {@code Authorization: Bearer …} header, if its token is known. */
    public Optional<SimulatedPortal> portalOfAuthorization(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.empty();
        }
        return portalOfToken(authorization.substring(7).trim());
    }

    /** The portal's validation rules (default portal), enforced on writes through the 2026-09 paths. */
    public PortalValidationRules rules() {
        return defaultPortal.rules();
    }

    /**
     * Back to the demo: every portal's demo records, the demo tokens of A and B, no other portals, tokens or OAuth
     * apps. Portal objects A and B stay the same objects (a test may hold them).
     */
    public synchronized void reset() {
        tokens.clear();
        oauthApps.clear();
        authorizationCodes.clear();
        refreshTokens.clear();
        portals.keySet().removeIf(id -> id != defaultPortal.portalId() && id != portalB.portalId());
        defaultPortal.reset();
        portalB.reset();
        registerPrivateAppToken(demoToken, defaultPortal.portalId(), PRIVATE_APP_ID, allScopes());
        registerPrivateAppToken(PORTAL_B_TOKEN, portalB.portalId(), PRIVATE_APP_ID, allScopes());
    }

    /** Portal B's demo token. */
    public String portalBToken() {
        return PORTAL_B_TOKEN;
    }

    /** Portal A's demo token. */
    public String defaultToken() {
        return demoToken;
    }

    /**
     * Who is told of each portal's record changes (the app webhooks): one listener per portal, made for it, so what it
     * sends names the right portal. Applies to the portals there are and to those made later.
     */
    public void onChanges(java.util.function.Function<SimulatedPortal, Changes> perPortal) {
        this.changes = perPortal;
        portals.values().forEach(p -> p.onChanges(perPortal.apply(p)));
    }

    // ---- tokens and OAuth ---------------------------------------------------------------------------------------

    /** A private-app token of this portal (a portal not yet known is made). */
    public void registerPrivateAppToken(String token, long portal, long appId, Set<String> scopes) {
        portal(portal);
        tokens.put(token, new Token(token, portal, appId, Set.copyOf(scopes), false, null));
    }

    /** Simulates the pat-eu1 tokens that answer 404 on account details. */
    public void markAccountInfoNotFound(String token) {
        Token t = tokens.get(token);
        tokens.put(token, new Token(token, t.portalId(), t.appId(), t.scopes(), true, t.expiresAt()));
    }

    /** A public app installed in this portal: its consent screen and token endpoint hand out tokens of that portal. */
    public void registerOAuthApp(String clientId, String clientSecret, String redirectUri, long portal, Set<String> scopes) {
        portal(portal);
        oauthApps.put(clientId, new OAuthApp(clientId, clientSecret, redirectUri, portal, OAUTH_APP_ID, Set.copyOf(scopes)));
    }

    public String issueAuthorizationCode(String clientId) {
        String code = "na1-" + UUID.randomUUID();
        authorizationCodes.put(code, clientId);
        return code;
    }

    public void setAccessTokenSeconds(long seconds) {
        accessTokenSeconds = seconds;
    }

    long accessTokenSeconds() {
        return accessTokenSeconds;
    }

    public static Set<String> allScopes() {
        Set<String> scopes = new LinkedHashSet<>(List.of("oauth", "files", "tickets", "crm.schemas.custom.read",
                "crm.objects.custom.read", "crm.objects.custom.write", "crm.objects.owners.read"));
        for (String type : ALL_TYPES) {
            if (!type.equals(CUSTOM_TYPE_ID) && !type.equals("tickets")) {
                scopes.add("crm.objects." + type + ".read");
                scopes.add("crm.objects." + type + ".write");
                scopes.add("crm.schemas." + type + ".read");
            }
        }
        return scopes;
    }

    /** The scope HubSpot asks for to read (or write) an object type. */
    static String scopeFor(String type, boolean write) {
        if (type.equals("tickets")) {
            return "tickets";
        }
        if (type.startsWith("2-") || type.equals(CUSTOM_NAME)) {
            return write ? "crm.objects.custom.write" : "crm.objects.custom.read";
        }
        return "crm.objects." + type + (write ? ".write" : ".read");
    }

    // ---- the default portal's state (A), as single-portal tests use it ----------------------------------------------

    public Optional<String> type(String segment) {
        return defaultPortal.type(segment);
    }

    public void setSearchLagMillis(long millis) {
        defaultPortal.setSearchLagMillis(millis);
    }

    public void setSearchLagMillis(String type, String id, long millis) {
        defaultPortal.setSearchLagMillis(type, id, millis);
    }

    public Map<String, Rec> recordsOf(String type) {
        return defaultPortal.recordsOf(type);
    }

    public Optional<Rec> record(String type, String id) {
        return defaultPortal.record(type, id);
    }

    public Rec create(String type, Map<String, String> values) {
        return defaultPortal.create(type, values);
    }

    public Rec createAt(String type, Map<String, String> values, Instant at) {
        return defaultPortal.createAt(type, values, at);
    }

    public Rec update(String type, String id, Map<String, String> values) {
        return defaultPortal.update(type, id, values);
    }

    public Rec updateAt(String type, String id, Map<String, String> values, Instant at) {
        return defaultPortal.updateAt(type, id, values, at);
    }

    public void archive(String type, String id) {
        defaultPortal.archive(type, id);
    }

    public List<String> bulkCreate(String type, int count, Instant sharedTimestamp, Map<String, String> values) {
        return defaultPortal.bulkCreate(type, count, sharedTimestamp, values);
    }

    public void associate(String fromType, String fromId, String toType, String toId, int typeId) {
        defaultPortal.associate(fromType, fromId, toType, toId, typeId);
    }

    public Map<String, Set<Integer>> associated(String fromType, String fromId, String toType) {
        return defaultPortal.associated(fromType, fromId, toType);
    }

    public List<Rec> notesOf(String type, String id) {
        return defaultPortal.notesOf(type, id);
    }

    public Rec addNote(String type, String id, String htmlBody, String ownerId, List<String> fileIds) {
        return defaultPortal.addNote(type, id, htmlBody, ownerId, fileIds);
    }

    public StoredFile storeFile(String name, byte[] bytes, String access, String folderPath) {
        return defaultPortal.storeFile(name, bytes, access, folderPath);
    }

    public Optional<StoredFile> file(String id) {
        return defaultPortal.file(id);
    }

    public Collection<StoredFile> allFiles() {
        return defaultPortal.allFiles();
    }

    public List<PropertyDef> propertiesOf(String type) {
        return defaultPortal.propertiesOf(type);
    }

    public Optional<PropertyDef> property(String type, String name) {
        return defaultPortal.property(type, name);
    }

    public void addProperty(String type, PropertyDef property) {
        defaultPortal.addProperty(type, property);
    }

    public List<Pipeline> pipelinesOf(String type) {
        return defaultPortal.pipelinesOf(type);
    }

    public void addOwner(Owner owner) {
        defaultPortal.addOwner(owner);
    }

    public List<Owner> owners() {
        return defaultPortal.owners();
    }
}
