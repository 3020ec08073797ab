package io.hubjira.sandbox.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Rec;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.StoredFile;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Token;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The simulated HubSpot API under /sandbox/hubspot: account info, private-app token info, OAuth, CRM objects (CRUD,
 * list, batch, search), properties, pipelines, owners, custom object schemas, associations v4 and files. Answers with
 * HubSpot's shapes, status codes and error bodies; every call needs a token with the right scopes.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/hubspot")
public class HubSpotSimulatorController {

    private final HubSpotSandbox state;
    private final ObjectMapper json;
    private final io.hubjira.sandbox.SandboxFaults faults;

    public HubSpotSimulatorController(HubSpotSandbox state, ObjectMapper json, io.hubjira.sandbox.SandboxFaults faults) {
        this.state = state;
        this.json = json;
        this.faults = faults;
    }

    @ExceptionHandler(HubSpotError.class)
    ResponseEntity<Map<String, Object>> error(HubSpotError e) {
        return ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON).body(e.body);
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(Exception e) {
        return error(HubSpotError.validation("Invalid input JSON on line 1: " + e.getMessage()));
    }

    // ---- auth -------------------------------------------------------------------------------------------------------

    private Token auth(String authorization, String... requiredScopes) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new HubSpotError(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports OAuth 2.0 authentication "
                    + "and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
        }
        Token t = state.tokens.get(authorization.substring(7).trim());
        if (t == null || (t.expiresAt() != null && t.expiresAt().isBefore(Instant.now()))) {
            throw new HubSpotError(401, "INVALID_AUTHENTICATION", t == null
                    ? "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
                    : "The OAuth token used to make this call expired " + t.expiresAt() + ".");
        }
        List<String> missing = new ArrayList<>();
        for (String scope : requiredScopes) {
            if (!t.scopes().contains(scope)) {
                missing.add(scope);
            }
        }
        if (!missing.isEmpty()) {
            throw HubSpotError.missingScopes(missing);
        }
        return t;
    }

    /** The portal a call acts on: its token's, never another (a record id means nothing outside its portal). */
    private SimulatedPortal portalOf(Token token) {
        return state.portal(token.portalId());
    }

    /**
     * Canonical type of a path segment, as the caller's portal names it (its custom object's qualified name carries its
     * id); resolved before authentication, as HubSpot refuses an unknown type whoever asks.
     */
    private String type(String segment, String authorization) {
        SimulatedPortal portal = state.portalOfAuthorization(authorization).orElse(state.defaultPortal());
        return portal.type(segment).orElseThrow(() -> new HubSpotError(400, "VALIDATION_ERROR",
                "Unable to infer object type from: " + segment));
    }

    // ---- account and tokens ------------------------------------------------------------------------------------------

    @GetMapping("/account-info/v3/details")
    public Map<String, Object> accountDetails(@RequestHeader(value = "Authorization", required = false) String authorization) {
        Token t = auth(authorization, "oauth");
        if (t.accountInfoNotFound()) {
            throw HubSpotError.notFound("Resource not found");
        }
        SimulatedPortal portal = portalOf(t);
        // a pat-eu1 token is one of an EU account (tests make such tokens for portal A too)
        boolean eu = portal.eu() || t.token().startsWith("pat-eu1-");
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("portalId", t.portalId());
        a.put("accountType", "STANDARD");
        a.put("timeZone", eu ? "Europe/Berlin" : "US/Eastern");
        a.put("companyCurrency", eu ? "EUR" : "USD");
        a.put("additionalCurrencies", List.of());
        a.put("utcOffset", eu ? "+01:00" : "-05:00");
        a.put("utcOffsetMilliseconds", eu ? 3_600_000 : -18_000_000);
        a.put("uiDomain", portal.eu() ? portal.uiDomain() : eu ? "app-eu1.hubspot.com" : "app.hubspot.com");
        a.put("dataHostingLocation", portal.eu() ? portal.dataHostingLocation() : eu ? "eu1" : "na1");
        return a;
    }

    @PostMapping("/oauth/v2/private-apps/get/access-token-info")
    public Map<String, Object> tokenInfo(@RequestBody Map<String, String> body) {
        Token t = state.tokens.get(body.getOrDefault("tokenKey", ""));
        if (t == null) {
            throw new HubSpotError(401, "INVALID_AUTHENTICATION", "The access token is invalid.");
        }
        return Map.of("hubId", t.portalId(), "appId", t.appId(), "userId", 9001, "scopes", t.scopes());
    }

    /**
     * The consent page an admin's browser opens to install an OAuth app (app.hubspot.com/oauth/authorize), with the
     * consent given at once: HubSpot redirects to the app's redirect URI with a single-use code and the {@code state} it
     * was given, unchanged. An unknown client id, a redirect URI the app does not list or no scope is an error page.
     */
    @GetMapping("/oauth/authorize")
    public ResponseEntity<String> oauthAuthorize(@RequestParam(name = "client_id", required = false) String clientId,
                                                 @RequestParam(name = "redirect_uri", required = false) String redirectUri,
                                                 @RequestParam(name = "scope", required = false) String scope,
                                                 @RequestParam(name = "state", required = false) String stateParam) {
        HubSpotSandbox.OAuthApp app = clientId == null ? null : state.oauthApps.get(clientId);
        if (app == null || redirectUri == null || !app.redirectUri().equals(redirectUri) || scope == null || scope.isBlank()) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN)
                    .body("Couldn't complete the connection: the client id, redirect URI or scopes do not match the app");
        }
        String code = state.issueAuthorizationCode(clientId);
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code
                + (stateParam == null ? "" : "&state=" + java.net.URLEncoder.encode(stateParam, java.nio.charset.StandardCharsets.UTF_8));
        return ResponseEntity.status(HttpStatus.FOUND).header("Location", location).build();
    }

    @PostMapping(value = "/oauth/v1/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, Object>> oauthToken(@RequestParam MultiValueMap<String, String> form) {
        String grant = form.getFirst("grant_type");
        HubSpotSandbox.OAuthApp app = state.oauthApps.get(String.valueOf(form.getFirst("client_id")));
        if (app == null || !app.clientSecret().equals(form.getFirst("client_secret"))) {
            return ResponseEntity.status(400).body(Map.of("status", "BAD_CLIENT_ID", "message", "missing or unknown client id",
                    "correlationId", UUID.randomUUID().toString()));
        }
        if ("authorization_code".equals(grant)) {
            String code = form.getFirst("code");
            String client = code == null ? null : state.authorizationCodes.remove(code);
            if (client == null || !client.equals(app.clientId())) {
                return ResponseEntity.status(400).body(Map.of("status", "BAD_AUTH_CODE", "message", "missing or unknown auth code",
                        "correlationId", UUID.randomUUID().toString()));
            }
            if (!app.redirectUri().equals(form.getFirst("redirect_uri"))) {
                return ResponseEntity.status(400).body(Map.of("status", "BAD_REDIRECT_URI", "message", "redirect_uri does not match",
                        "correlationId", UUID.randomUUID().toString()));
            }
        } else if ("refresh_token".equals(grant)) {
            String refresh = form.getFirst("refresh_token");
            String client = refresh == null ? null : state.refreshTokens.remove(refresh);
            if (client == null || !client.equals(app.clientId())) {
                return ResponseEntity.status(400).body(Map.of("status", "BAD_REFRESH_TOKEN", "message", "missing or unknown refresh token",
                        "correlationId", UUID.randomUUID().toString()));
            }
        } else {
            return ResponseEntity.status(400).body(Map.of("status", "BAD_GRANT_TYPE", "message", "unsupported grant_type",
                    "correlationId", UUID.randomUUID().toString()));
        }
        String access = "sandbox-oauth-" + UUID.randomUUID();
        String refresh = UUID.randomUUID().toString();
        long expires = state.accessTokenSeconds();
        state.tokens.put(access, new Token(access, app.portalId(), app.appId(), app.scopes(), false, Instant.now().plusSeconds(expires)));
        state.refreshTokens.put(refresh, app.clientId());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token_type", "bearer");
        answer.put("refresh_token", refresh);
        answer.put("access_token", access);
        answer.put("expires_in", expires);
        answer.put("hub_id", app.portalId());
        answer.put("scopes", app.scopes());
        return ResponseEntity.ok(answer);
    }

    /** Date-versioned revocation: a form POST naming the (refresh) token, with the app's credentials. */
    @PostMapping(value = "/oauth/dated/token/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Void> revokeDated(@RequestParam MultiValueMap<String, String> form) {
        HubSpotSandbox.OAuthApp app = state.oauthApps.get(String.valueOf(form.getFirst("client_id")));
        if (app == null || !app.clientSecret().equals(form.getFirst("client_secret"))) {
            throw new HubSpotError(400, "BAD_CLIENT_ID", "missing or unknown client id");
        }
        String token = form.getFirst("token");
        return token != null && state.refreshTokens.remove(token) != null ? ResponseEntity.ok().build() : ResponseEntity.status(400).build();
    }

    @GetMapping("/oauth/v1/access-tokens/{token}")
    public Map<String, Object> accessTokenInfo(@PathVariable String token) {
        Token t = state.tokens.get(token);
        if (t == null) {
            throw HubSpotError.notFound("Token not found");
        }
        return Map.of("token", token, "hub_id", t.portalId(), "app_id", t.appId(), "scopes", t.scopes(), "token_type", "access",
                "expires_in", t.expiresAt() == null ? 0 : Math.max(0, t.expiresAt().getEpochSecond() - Instant.now().getEpochSecond()));
    }

    @DeleteMapping("/oauth/v1/refresh-tokens/{token}")
    public ResponseEntity<Void> revokeRefresh(@PathVariable String token) {
        return state.refreshTokens.remove(token) == null ? ResponseEntity.status(404).build() : ResponseEntity.noContent().build();
    }

    // ---- CRM objects -------------------------------------------------------------------------------------------------

    @GetMapping("/crm/v3/objects/{objectType}")
    public Map<String, Object> list(@RequestHeader(value = "Authorization", required = false) String authorization,
                                    @PathVariable String objectType, @RequestParam(defaultValue = "10") int limit,
                                    @RequestParam(required = false) String after, @RequestParam(required = false) String properties,
                                    @RequestParam(defaultValue = "false") boolean archived) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, false)));
        List<Rec> all = portal.recordsOf(type).values().stream().filter(r -> r.archived == archived)
                .sorted((a, b) -> Long.compare(Long.parseLong(a.id), Long.parseLong(b.id))).toList();
        int from = after == null ? 0 : Integer.parseInt(after);
        int size = Math.min(Math.max(limit, 1), 100);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Rec r : all.subList(Math.min(from, all.size()), Math.min(all.size(), from + size))) {
            results.add(view(r, split(properties), List.of()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("results", results);
        if (from + size < all.size()) {
            answer.put("paging", Map.of("next", Map.of("after", String.valueOf(from + size), "link", "?after=" + (from + size))));
        }
        return answer;
    }

    @PostMapping("/crm/v3/objects/{objectType}")
    public ResponseEntity<Map<String, Object>> create(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                      @PathVariable String objectType, @RequestBody JsonNode body,
                                                      HttpServletRequest request) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, true)));
        requireFields(request, body, "SimplePublicObjectInputForCreate", "properties", "associations");
        Map<String, String> values = validatedProperties(portal, type, body.path("properties"), true);
        List<Object[]> links = associationInputs(body.path("associations"));
        keepsPortalRules(portal, request, authorization, type, null, values, !links.isEmpty());
        Rec r = portal.create(type, values);
        for (Object[] l : links) {
            String toType = targetTypeOf(portal, type, (String) l[0], (Integer) l[1]);
            portal.associate(type, r.id, toType, (String) l[0], (Integer) l[1]);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(view(r, new ArrayList<>(values.keySet()), List.of()));
    }

    @GetMapping("/crm/v3/objects/{objectType}/{id}")
    public Map<String, Object> get(@RequestHeader(value = "Authorization", required = false) String authorization,
                                   @PathVariable String objectType, @PathVariable String id,
                                   @RequestParam(required = false) String properties,
                                   @RequestParam(required = false) String propertiesWithHistory,
                                   @RequestParam(required = false) String associations) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, false)));
        Rec r = portal.record(type, id).orElseThrow(() -> HubSpotError.notFound("Object not found.  objectId are usually numeric."));
        Map<String, Object> v = view(r, split(properties), split(propertiesWithHistory));
        if (associations != null && !associations.isBlank()) {
            Map<String, Object> assoc = new LinkedHashMap<>();
            for (String to : split(associations)) {
                String toType = type(to, authorization);
                List<Map<String, Object>> items = new ArrayList<>();
                portal.associated(type, id, toType).forEach((toId, types) -> items.add(Map.of("id", toId,
                        "type", singular(type) + "_to_" + singular(toType))));
                if (!items.isEmpty()) {
                    assoc.put(to, Map.of("results", items));
                }
            }
            v.put("associations", assoc);
        }
        return v;
    }

    @PatchMapping("/crm/v3/objects/{objectType}/{id}")
    public Map<String, Object> patch(@RequestHeader(value = "Authorization", required = false) String authorization,
                                     @PathVariable String objectType, @PathVariable String id, @RequestBody JsonNode body,
                                     HttpServletRequest request) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, true)));
        Map<String, String> values = validatedProperties(portal, type, body.path("properties"), false);
        portal.record(type, id).ifPresent(current -> keepsPortalRules(portal, request, authorization, type, current.properties, values, false));
        Rec r = portal.update(type, id, values);
        return view(r, new ArrayList<>(values.keySet()), List.of());
    }

    @DeleteMapping("/crm/v3/objects/{objectType}/{id}")
    public ResponseEntity<Void> archive(@RequestHeader(value = "Authorization", required = false) String authorization,
                                        @PathVariable String objectType, @PathVariable String id) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, true)));
        if (portal.record(type, id).isPresent()) {
            portal.archive(type, id);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/crm/v3/objects/{objectType}/batch/read")
    public ResponseEntity<Map<String, Object>> batchRead(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                         @PathVariable String objectType, @RequestBody JsonNode body,
                                                         HttpServletRequest request) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, false)));
        requireFields(request, body, "BatchReadInputSimplePublicObjectId", "inputs", "properties", "propertiesWithHistory");
        JsonNode inputs = body.path("inputs");
        List<String> withHistory = strings(body.path("propertiesWithHistory"));
        int max = withHistory.isEmpty() ? 100 : 50;
        if (inputs.size() > max) {
            throw HubSpotError.validation("Too many inputs: " + inputs.size() + " (the limit is " + max + ")");
        }
        List<String> props = strings(body.path("properties"));
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        for (JsonNode in : inputs) {
            String id = in.path("id").asText();
            if (failsOnItsOwn(in, id, failed)) {
                continue;
            }
            portal.record(type, id).ifPresentOrElse(r -> results.add(view(r, props, withHistory)), () -> missing.add(id));
        }
        return batchAnswer(results, missing, failed);
    }

    @PostMapping("/crm/v3/objects/{objectType}/batch/update")
    public ResponseEntity<Map<String, Object>> batchUpdate(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                           @PathVariable String objectType, @RequestBody JsonNode body,
                                                           HttpServletRequest request) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, true)));
        JsonNode inputs = body.path("inputs");
        if (inputs.size() > 100) {
            throw HubSpotError.validation("Too many inputs: " + inputs.size() + " (the limit is 100)");
        }
        List<Map<String, String>> validated = new ArrayList<>();
        for (JsonNode in : inputs) {
            validated.add(validatedProperties(portal, type, in.path("properties"), false));
        }
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, String> values = validated.get(i);
            portal.record(type, inputs.get(i).path("id").asText()).ifPresent(current -> keepsPortalRules(portal, request, authorization, type, current.properties,
                    values, false));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String id = inputs.get(i).path("id").asText();
            if (failsOnItsOwn(inputs.get(i), id, failed)) {
                continue; // not written
            }
            if (portal.record(type, id).isEmpty()) {
                missing.add(id);
                continue;
            }
            Map<String, String> values = validated.get(i);
            results.add(view(portal.update(type, id, values), new ArrayList<>(values.keySet()), List.of()));
        }
        return batchAnswer(results, missing, failed);
    }

    @PostMapping("/crm/v3/objects/{objectType}/batch/create")
    public ResponseEntity<Map<String, Object>> batchCreate(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                           @PathVariable String objectType, @RequestBody JsonNode body,
                                                           HttpServletRequest request) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, true)));
        requireFields(request, body, "BatchInputSimplePublicObjectBatchInputForCreate", "inputs");
        for (JsonNode in : body.path("inputs")) {
            requireFields(request, in, "SimplePublicObjectBatchInputForCreate", "properties", "associations");
        }
        JsonNode inputs = body.path("inputs");
        if (inputs.size() > 100) {
            throw HubSpotError.validation("Too many inputs: " + inputs.size() + " (the limit is 100)");
        }
        List<Map<String, String>> validated = new ArrayList<>();
        List<List<Object[]>> links = new ArrayList<>();
        for (JsonNode in : inputs) {
            validated.add(validatedProperties(portal, type, in.path("properties"), true));
            links.add(associationInputs(in.path("associations")));
            keepsPortalRules(portal, request, authorization, type, null, validated.get(validated.size() - 1), !links.get(links.size() - 1).isEmpty());
        }
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        for (int i = 0; i < validated.size(); i++) {
            // a create's input has no id: HubSpot's error for it names none (only its objectWriteTraceId could tell)
            if (failsOnItsOwn(inputs.get(i), null, failed)) {
                continue; // not created
            }
            Rec r = portal.create(type, validated.get(i));
            for (Object[] l : links.get(i)) {
                portal.associate(type, r.id, targetTypeOf(portal, type, (String) l[0], (Integer) l[1]), (String) l[0], (Integer) l[1]);
            }
            Map<String, Object> view = view(r, new ArrayList<>(validated.get(i).keySet()), List.of());
            if (inputs.get(i).hasNonNull("objectWriteTraceId")) {
                view.put("objectWriteTraceId", inputs.get(i).get("objectWriteTraceId").asText());
            }
            results.add(view);
        }
        ResponseEntity<Map<String, Object>> answer = batchAnswer(results, List.of(), failed);
        if (!failed.isEmpty()) {
            return answer;
        }
        // 2026-03 documents 200 for a batch create, 2026-09 and v3 201
        boolean created = !HubSpotApiGenerations.generation(request).equals("2026-03");
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(answer.getBody());
    }

    @PostMapping("/crm/v3/objects/{objectType}/search")
    public Map<String, Object> search(@RequestHeader(value = "Authorization", required = false) String authorization,
                                      @PathVariable String objectType, @RequestBody JsonNode body, HttpServletRequest request) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, false)));
        requireFields(request, body, "PublicObjectSearchRequest", "after", "filterGroups", "limit", "properties", "sorts");
        return new HubSpotSearch(portal).run(type, body);
    }

    // ---- metadata ------------------------------------------------------------------------------------------------------

    @GetMapping("/crm/v3/properties/{objectType}")
    public Map<String, Object> properties(@RequestHeader(value = "Authorization", required = false) String authorization,
                                          @PathVariable String objectType) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, schemaScope(type)));
        return Map.of("results", portal.propertiesOf(type).stream().map(p -> propertyView(type, p)).toList());
    }

    @GetMapping("/crm/v3/properties/{objectType}/{name}")
    public Map<String, Object> property(@RequestHeader(value = "Authorization", required = false) String authorization,
                                        @PathVariable String objectType, @PathVariable String name) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, schemaScope(type)));
        return propertyView(type, portal.property(type, name).orElseThrow(() -> HubSpotError.notFound("Unable to find property " + name)));
    }

    @GetMapping("/crm/v3/pipelines/{objectType}")
    public Map<String, Object> pipelines(@RequestHeader(value = "Authorization", required = false) String authorization,
                                         @PathVariable String objectType) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, false)));
        if (portal.pipelinesOf(type).isEmpty()) {
            throw new HubSpotError(400, "VALIDATION_ERROR", "Pipelines are not supported for the object type " + objectType);
        }
        return Map.of("results", portal.pipelinesOf(type).stream().map(this::pipelineView).toList());
    }

    @GetMapping("/crm/v3/pipelines/{objectType}/{pipelineId}")
    public Map<String, Object> pipeline(@RequestHeader(value = "Authorization", required = false) String authorization,
                                        @PathVariable String objectType, @PathVariable String pipelineId) {
        String type = type(objectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(type, false)));
        return portal.pipelinesOf(type).stream().filter(p -> p.id().equals(pipelineId)).findFirst().map(this::pipelineView)
                .orElseThrow(() -> HubSpotError.notFound("Unable to find pipeline " + pipelineId));
    }

    @GetMapping("/crm/v3/owners")
    public Map<String, Object> owners(@RequestHeader(value = "Authorization", required = false) String authorization,
                                      @RequestParam(required = false) String email) {
        SimulatedPortal portal = portalOf(auth(authorization));
        return Map.of("results", portal.owners().stream().filter(o -> email == null || o.email().equalsIgnoreCase(email))
                .map(this::ownerView).toList());
    }

    @GetMapping("/crm/v3/owners/{ownerId}")
    public Map<String, Object> owner(@RequestHeader(value = "Authorization", required = false) String authorization,
                                     @PathVariable String ownerId) {
        SimulatedPortal portal = portalOf(auth(authorization));
        return portal.owners().stream().filter(o -> o.id().equals(ownerId)).findFirst().map(this::ownerView)
                .orElseThrow(() -> HubSpotError.notFound("Owner " + ownerId + " not found"));
    }

    @GetMapping({"/crm-object-schemas/v3/schemas", "/crm/v3/schemas"})
    public Map<String, Object> schemas(@RequestHeader(value = "Authorization", required = false) String authorization) {
        SimulatedPortal portal = portalOf(auth(authorization, "crm.schemas.custom.read"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("id", "9001");
        schema.put("name", HubSpotSandbox.CUSTOM_NAME);
        schema.put("objectTypeId", HubSpotSandbox.CUSTOM_TYPE_ID);
        schema.put("fullyQualifiedName", portal.customObjectFullName());
        schema.put("labels", Map.of("singular", "Customer project", "plural", "Customer projects"));
        schema.put("primaryDisplayProperty", "project_name");
        schema.put("requiredProperties", List.of("project_name"));
        schema.put("searchableProperties", List.of("project_name"));
        schema.put("secondaryDisplayProperties", List.of());
        schema.put("properties", portal.propertiesOf(HubSpotSandbox.CUSTOM_TYPE_ID).stream()
                .map(p -> propertyView(HubSpotSandbox.CUSTOM_TYPE_ID, p)).toList());
        schema.put("associations", List.of());
        schema.put("archived", false);
        schema.put("createdAt", "2026-01-05T10:00:00.000Z");
        schema.put("updatedAt", "2026-01-05T10:00:00.000Z");
        return Map.of("results", List.of(schema));
    }

    // ---- associations v4 -------------------------------------------------------------------------------------------------

    @GetMapping("/crm/v4/objects/{objectType}/{id}/associations/{toObjectType}")
    public Map<String, Object> associations(@RequestHeader(value = "Authorization", required = false) String authorization,
                                            @PathVariable String objectType, @PathVariable String id, @PathVariable String toObjectType,
                                            @RequestParam(defaultValue = "500") int limit, @RequestParam(required = false) String after) {
        String from = type(objectType, authorization);
        String to = type(toObjectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(from, false), HubSpotSandbox.scopeFor(to, false)));
        List<Map<String, Object>> all = new ArrayList<>();
        portal.associated(from, id, to).forEach((toId, types) -> all.add(Map.of("toObjectId", Long.parseLong(toId),
                "associationTypes", types.stream().map(t -> Map.of("category", "HUBSPOT_DEFINED", "typeId", t)).toList())));
        int start = after == null ? 0 : Integer.parseInt(after);
        int size = Math.min(Math.max(limit, 1), 500);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("results", all.subList(Math.min(start, all.size()), Math.min(all.size(), start + size)));
        if (start + size < all.size()) {
            answer.put("paging", Map.of("next", Map.of("after", String.valueOf(start + size))));
        }
        return answer;
    }

    @PostMapping("/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read")
    public ResponseEntity<Map<String, Object>> associationBatch(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                                @PathVariable String fromObjectType, @PathVariable String toObjectType,
                                                                @RequestBody JsonNode body) {
        String from = type(fromObjectType, authorization);
        String to = type(toObjectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(from, false), HubSpotSandbox.scopeFor(to, false)));
        if (body.path("inputs").size() > 1000) {
            throw HubSpotError.validation("Too many inputs (the limit is 1000)");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        for (JsonNode in : body.path("inputs")) {
            String id = in.path("id").asText();
            if (failsOnItsOwn(in, id, failed)) {
                continue;
            }
            List<Map<String, Object>> targets = new ArrayList<>();
            portal.associated(from, id, to).forEach((toId, types) -> targets.add(Map.of("toObjectId", Long.parseLong(toId),
                    "associationTypes", types.stream().map(t -> Map.of("category", "HUBSPOT_DEFINED", "typeId", t)).toList())));
            int start = in.hasNonNull("after") ? Integer.parseInt(in.get("after").asText()) : 0;
            int size = 500;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("from", Map.of("id", id));
            r.put("to", targets.subList(Math.min(start, targets.size()), Math.min(targets.size(), start + size)));
            if (start + size < targets.size()) {
                r.put("paging", Map.of("next", Map.of("after", String.valueOf(start + size))));
            }
            results.add(r);
        }
        return batchAnswer(results, List.of(), failed);
    }

    /** An association write: both scopes, both records in the caller's portal, the portal's rules; answers the portal. */
    private SimulatedPortal associating(String authorization, HttpServletRequest request, String from, String fromId, String to, String toId) {
        SimulatedPortal portal = portalOf(auth(authorization, HubSpotSandbox.scopeFor(from, true), HubSpotSandbox.scopeFor(to, true)));
        requireRecord(portal, from, fromId);
        requireRecord(portal, to, toId);
        keepsPortalRules(portal, request, authorization, from, null, null, true);
        return portal;
    }

    @PutMapping("/crm/v4/objects/{fromObjectType}/{fromId}/associations/default/{toObjectType}/{toId}")
    public Map<String, Object> associateDefault(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                @PathVariable String fromObjectType, @PathVariable String fromId,
                                                @PathVariable String toObjectType, @PathVariable String toId, HttpServletRequest request) {
        String from = type(fromObjectType, authorization);
        String to = type(toObjectType, authorization);
        SimulatedPortal portal = associating(authorization, request, from, fromId, to, toId);
        portal.associate(from, fromId, to, toId, AssociationTypes.typeId(from, to));
        return batchAnswer(List.of(Map.of("from", Map.of("id", fromId), "to", Map.of("id", toId),
                "associationSpec", Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", AssociationTypes.typeId(from, to)))), List.of()).getBody();
    }

    @PutMapping("/crm/v4/objects/{fromObjectType}/{fromId}/associations/{toObjectType}/{toId}")
    public Map<String, Object> associateLabelled(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                 @PathVariable String fromObjectType, @PathVariable String fromId,
                                                 @PathVariable String toObjectType, @PathVariable String toId, @RequestBody JsonNode body,
                                                 HttpServletRequest request) {
        String from = type(fromObjectType, authorization);
        String to = type(toObjectType, authorization);
        SimulatedPortal portal = associating(authorization, request, from, fromId, to, toId);
        List<Map<String, Object>> labels = new ArrayList<>();
        for (JsonNode spec : body) {
            int typeId = spec.path("associationTypeId").asInt();
            portal.associate(from, fromId, to, toId, typeId);
            labels.add(Map.of("category", spec.path("associationCategory").asText("HUBSPOT_DEFINED"), "typeId", typeId));
        }
        return Map.of("fromObjectTypeId", from, "fromObjectId", Long.parseLong(fromId), "toObjectTypeId", to,
                "toObjectId", Long.parseLong(toId), "labels", labels);
    }

    @GetMapping({"/crm/v4/associations/{fromObjectType}/{toObjectType}/labels", "/crm/associations/v4/{fromObjectType}/{toObjectType}/labels"})
    public Map<String, Object> labels(@RequestHeader(value = "Authorization", required = false) String authorization,
                                      @PathVariable String fromObjectType, @PathVariable String toObjectType) {
        String from = type(fromObjectType, authorization);
        String to = type(toObjectType, authorization);
        SimulatedPortal portal = portalOf(auth(authorization));
        Map<String, Object> unlabelled = new LinkedHashMap<>();
        unlabelled.put("category", "HUBSPOT_DEFINED");
        unlabelled.put("typeId", AssociationTypes.typeId(from, to));
        unlabelled.put("label", null);
        return Map.of("results", List.of(unlabelled));
    }

    // ---- files -------------------------------------------------------------------------------------------------------------

    @PostMapping(value = "/files/v3/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<Map<String, Object>> upload(@RequestHeader(value = "Authorization", required = false) String authorization,
                                                      @RequestPart(value = "file", required = false) MultipartFile file,
                                                      @RequestParam(required = false) String fileName,
                                                      @RequestParam(required = false) String folderPath,
                                                      @RequestParam(required = false) String folderId,
                                                      @RequestParam(required = false) String options) throws Exception {
        SimulatedPortal portal = portalOf(auth(authorization, "files"));
        if (file == null) {
            throw HubSpotError.validation("A file is required (multipart part 'file').");
        }
        if ((folderPath == null || folderPath.isBlank()) && (folderId == null || folderId.isBlank())) {
            throw HubSpotError.validation("Either folderId or folderPath is required.");
        }
        String access = "PRIVATE";
        boolean returnExisting = false;
        if (options != null && !options.isBlank()) {
            JsonNode o = json.readTree(options);
            access = o.path("access").asText("PRIVATE");
            returnExisting = "RETURN_EXISTING".equals(o.path("duplicateValidationStrategy").asText())
                    && "EXACT_FOLDER".equals(o.path("duplicateValidationScope").asText("ENTIRE_PORTAL"));
        }
        String name = fileName != null && !fileName.isBlank() ? fileName : file.getOriginalFilename();
        String stem = name == null ? "file" : name;
        if (returnExisting) {
            Optional<StoredFile> existing = portal.allFiles().stream().filter(f -> java.util.Objects.equals(f.folderPath(), folderPath)
                    && (f.name() + (f.extension().isEmpty() ? "" : "." + f.extension())).equals(stem)).findFirst();
            if (existing.isPresent()) {
                return ResponseEntity.ok(fileView(existing.get()));
            }
        }
        StoredFile stored = portal.storeFile(stem, file.getBytes(), access, folderPath);
        return ResponseEntity.status(HttpStatus.CREATED).body(fileView(stored));
    }

    /** Files search (the connector looks a possibly lost upload up by its path); hidden and archived files never show. */
    @GetMapping("/files/v3/files/search")
    public Map<String, Object> searchFiles(@RequestHeader(value = "Authorization", required = false) String authorization,
                                           @RequestParam(required = false) String path, @RequestParam(required = false) String name,
                                           @RequestParam(required = false, defaultValue = "10") int limit) {
        SimulatedPortal portal = portalOf(auth(authorization, "files"));
        List<Map<String, Object>> results = portal.allFiles().stream().map(this::fileView)
                .filter(v -> path == null || path.equals(v.get("path")))
                .filter(v -> name == null || name.equals(v.get("name")))
                .limit(Math.max(1, Math.min(100, limit))).toList();
        return Map.of("results", results);
    }

    @GetMapping("/files/v3/files/{fileId}")
    public Map<String, Object> fileMetadata(@RequestHeader(value = "Authorization", required = false) String authorization,
                                            @PathVariable String fileId) {
        SimulatedPortal portal = portalOf(auth(authorization, "files"));
        return fileView(portal.file(fileId).orElseThrow(() -> HubSpotError.notFound("File not found")));
    }

    @DeleteMapping("/files/v3/files/{fileId}")
    public ResponseEntity<Void> deleteFile(@RequestHeader(value = "Authorization", required = false) String authorization,
                                           @PathVariable String fileId) {
        SimulatedPortal portal = portalOf(auth(authorization, "files"));
        portal.files.remove(fileId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/files/v3/files/{fileId}/signed-url")
    public Map<String, Object> signedUrl(@RequestHeader(value = "Authorization", required = false) String authorization,
                                         @PathVariable String fileId, HttpServletRequest request) {
        SimulatedPortal portal = portalOf(auth(authorization, "files"));
        StoredFile f = portal.file(fileId).orElseThrow(() -> HubSpotError.notFound("File not found"));
        String base = request.getRequestURL().toString();
        base = base.substring(0, base.indexOf("/sandbox/hubspot") + "/sandbox/hubspot".length());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("url", base + "/_signed/" + portal.portalId() + "/" + f.id() + "/" + signature(portal.portalId(), f.id()) + "/" + f.name() + (f.extension().isEmpty() ? "" : "." + f.extension()));
        answer.put("expiresAt", Instant.now().plusSeconds(3600).toString());
        answer.put("name", f.name());
        answer.put("extension", f.extension());
        answer.put("type", "OTHER");
        answer.put("size", f.bytes().length);
        return answer;
    }

    /** The signed download URL: no credentials needed, the exact bytes. */
    @GetMapping("/_signed/{portalId}/{fileId}/{signature}/{name}")
    public ResponseEntity<byte[]> download(@PathVariable long portalId, @PathVariable String fileId, @PathVariable String signature) {
        StoredFile f = state.findPortal(portalId).flatMap(p -> p.file(fileId)).orElse(null);
        if (f == null || !signature(portalId, fileId).equals(signature)) {
            return ResponseEntity.status(403).build();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(f.bytes());
    }

    /**
     * Fields the request body must carry in the date-versioned documents (the legacy paths stay lenient, as HubSpot's
     * official clients call them): missing ones are refused with HubSpot's validation error, naming them.
     */
    private static void requireFields(HttpServletRequest request, JsonNode body, String schema, String... fields) {
        if (HubSpotApiGenerations.generation(request).equals(HubSpotApiGenerations.LEGACY)) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String f : fields) {
            if (body == null || !body.has(f) || body.get(f).isNull()) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            throw new HubSpotError(400, "VALIDATION_ERROR", "Invalid input JSON: " + schema + " requires " + String.join(", ", missing)
                    + " (" + HubSpotApiGenerations.generation(request) + ")");
        }
    }

    // ---- views -----------------------------------------------------------------------------------------------------------

    private Map<String, Object> view(Rec r, List<String> requested, List<String> withHistory) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id);
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> names = requested == null || requested.isEmpty() ? defaultProperties(r.type) : requested;
        props.put("createdate", r.properties.get("createdate"));
        props.put("hs_lastmodifieddate", r.properties.get("hs_lastmodifieddate"));
        props.put("hs_object_id", r.id);
        for (String n : names) {
            props.put(n, r.properties.get(n));
        }
        v.put("properties", props);
        if (withHistory != null && !withHistory.isEmpty()) {
            Map<String, Object> history = new LinkedHashMap<>();
            for (String n : withHistory) {
                history.put(n, r.history.getOrDefault(n, List.of()).stream().map(e -> Map.of("value", e.getKey(),
                        "timestamp", e.getValue().toString(), "sourceType", "API")).toList());
            }
            v.put("propertiesWithHistory", history);
        }
        v.put("createdAt", r.createdAt.toString());
        v.put("updatedAt", r.updatedAt.toString());
        v.put("archived", r.archived);
        return v;
    }

    private List<String> defaultProperties(String type) {
        return switch (type) {
            case "deals" -> List.of("dealname", "amount", "closedate", "dealstage", "pipeline");
            case "tickets" -> List.of("subject", "content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_priority");
            case "contacts" -> List.of("firstname", "lastname", "email");
            case "companies" -> List.of("name", "domain");
            case "notes" -> List.of("hs_note_body", "hs_timestamp");
            default -> List.of();
        };
    }

    private Map<String, Object> propertyView(String type, HubSpotSandbox.PropertyDef p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", p.name());
        v.put("label", p.label());
        v.put("type", p.type());
        v.put("fieldType", p.fieldType());
        v.put("groupName", type.equals("deals") ? "dealinformation" : "information");
        v.put("description", "");
        v.put("options", p.options().stream().map(o -> Map.of("label", o.label(), "value", o.value(), "displayOrder", o.displayOrder(), "hidden", false)).toList());
        v.put("displayOrder", -1);
        v.put("calculated", false);
        v.put("externalOptions", false);
        v.put("hasUniqueValue", p.name().equals("hs_object_id"));
        v.put("hidden", false);
        v.put("hubspotDefined", !p.name().equals("region") && !p.name().equals("is_strategic") && !p.name().equals("internal_notes"));
        if (p.referencedObjectType() != null) {
            v.put("referencedObjectType", p.referencedObjectType());
        }
        v.put("modificationMetadata", Map.of("archivable", true, "readOnlyDefinition", true, "readOnlyValue", p.readOnly()));
        v.put("formField", !p.readOnly());
        v.put("createdAt", "2026-01-05T10:00:00.000Z");
        v.put("updatedAt", "2026-01-05T10:00:00.000Z");
        v.put("archived", false);
        return v;
    }

    private Map<String, Object> pipelineView(HubSpotSandbox.Pipeline p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.id());
        v.put("label", p.label());
        v.put("displayOrder", p.displayOrder());
        v.put("stages", p.stages().stream().map(s -> {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("id", s.id());
            stage.put("label", s.label());
            stage.put("displayOrder", s.displayOrder());
            stage.put("metadata", s.metadata());
            stage.put("archived", false);
            stage.put("writePermissions", "CRM_PERMISSIONS_ENFORCEMENT");
            stage.put("createdAt", "2026-01-05T10:00:00.000Z");
            stage.put("updatedAt", "2026-01-05T10:00:00.000Z");
            return stage;
        }).toList());
        v.put("archived", false);
        v.put("createdAt", "2026-01-05T10:00:00.000Z");
        v.put("updatedAt", "2026-01-05T10:00:00.000Z");
        return v;
    }

    private Map<String, Object> ownerView(HubSpotSandbox.Owner o) {
        return Map.of("id", o.id(), "email", o.email(), "firstName", o.firstName(), "lastName", o.lastName(), "userId", o.userId(),
                "type", "PERSON", "archived", false, "createdAt", "2026-01-05T10:00:00.000Z", "updatedAt", "2026-01-05T10:00:00.000Z");
    }

    private Map<String, Object> fileView(StoredFile f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", f.id());
        v.put("name", f.name());
        v.put("extension", f.extension());
        v.put("access", f.access());
        v.put("size", f.bytes().length);
        v.put("type", "OTHER");
        v.put("path", (f.folderPath() == null ? "" : f.folderPath()) + "/" + f.name() + (f.extension().isEmpty() ? "" : "." + f.extension()));
        v.put("parentFolderId", "1");
        v.put("isUsableInContent", true);
        v.put("archived", false);
        v.put("createdAt", f.createdAt().toString());
        v.put("updatedAt", f.createdAt().toString());
        return v;
    }

    private ResponseEntity<Map<String, Object>> batchAnswer(List<Map<String, Object>> results, List<String> missing) {
        return batchAnswer(results, missing, List.of());
    }

    /**
     * A batch answer: the results in an order of their own (HubSpot does not promise the inputs' order), OBJECT_NOT_FOUND
     * naming the unknown ids, and the errors of inputs that failed on their own; 207 when any input was not done.
     */
    private ResponseEntity<Map<String, Object>> batchAnswer(List<Map<String, Object>> results, List<String> missing,
                                                           List<Map<String, Object>> failed) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "COMPLETE");
        answer.put("results", faults.shuffled(results));
        answer.put("startedAt", Instant.now().toString());
        answer.put("completedAt", Instant.now().toString());
        List<Map<String, Object>> errors = new ArrayList<>(failed);
        if (!missing.isEmpty()) {
            errors.add(Map.of("status", "error", "category", "OBJECT_NOT_FOUND",
                    "message", "Could not get some objects, they may be deleted or not exist. Check that ids are valid.",
                    "context", Map.of("ids", missing)));
        }
        if (errors.isEmpty()) {
            return ResponseEntity.ok(answer);
        }
        answer.put("numErrors", errors.size());
        answer.put("errors", errors);
        return ResponseEntity.status(207).body(answer);
    }

    /** Whether this input fails on its own (a test's chosen record): its error is added, naming its id when it has one. */
    private boolean failsOnItsOwn(JsonNode input, String id, List<Map<String, Object>> failed) {
        var fault = faults.batchInputFails("hubspot", input.toString());
        if (fault.isEmpty()) {
            return false;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", "error");
        error.put("category", fault.get().category());
        error.put("message", fault.get().message());
        error.put("correlationId", java.util.UUID.randomUUID().toString());
        if (id != null) {
            error.put("context", Map.of("ids", List.of(id)));
        }
        failed.add(error);
        return true;
    }

    // ---- validation ----------------------------------------------------------------------------------------------------------

    private Map<String, String> validatedProperties(SimulatedPortal portal, String type, JsonNode properties, boolean creating) {
        Map<String, String> values = new LinkedHashMap<>();
        List<Map<String, Object>> problems = new ArrayList<>();
        properties.fields().forEachRemaining(e -> {
            String name = e.getKey();
            String value = e.getValue().isNull() ? "" : e.getValue().asText();
            var def = portal.property(type, name);
            if (def.isEmpty()) {
                problems.add(Map.of("isValid", false, "message", "Property \"" + name + "\" does not exist", "error", "PROPERTY_DOESNT_EXIST", "name", name));
                return;
            }
            if (value.length() > HubSpotValues.MAX_STRING_LENGTH) {
                problems.add(Map.of("isValid", false, "message", "Property value is " + value.length() + " characters long; the limit is "
                        + HubSpotValues.MAX_STRING_LENGTH + " characters", "error", "INVALID_LENGTH", "name", name));
                return;
            }
            String problem = HubSpotValues.problem(def.get(), value);
            if (problem != null) {
                problems.add(Map.of("isValid", false, "message", problem, "error", "INVALID_OPTION", "name", name));
                return;
            }
            values.put(name, value);
        });
        if (creating && type.equals("notes") && !values.containsKey("hs_timestamp")) {
            problems.add(Map.of("isValid", false, "message", "hs_timestamp is required", "error", "REQUIRED_FIELD", "name", "hs_timestamp"));
        }
        if (!problems.isEmpty()) {
            try {
                throw HubSpotError.validation("Property values were not valid: " + json.writeValueAsString(problems));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    /**
     * 2026-09 writes keep the portal's validation rules (earlier versions ignore them): the record's values after the
     * write ({@code current} null: a new record; {@code written} null: an association only), and the token's right to
     * edit associations when the write makes some.
     */
    private void keepsPortalRules(SimulatedPortal portal, HttpServletRequest request, String authorization, String type, Map<String, String> current,
                                  Map<String, String> written, boolean associates) {
        if (!HubSpotApiGenerations.generation(request).equals("2026-09")) {
            return;
        }
        HubSpotError refused = associates ? portal.rules().associationRefusal(authorization.substring(7).trim()) : null;
        if (refused == null && written != null) {
            refused = portal.rules().refusal(type, current, written);
        }
        if (refused != null) {
            throw refused;
        }
    }

    private List<Object[]> associationInputs(JsonNode associations) {
        List<Object[]> links = new ArrayList<>();
        for (JsonNode a : associations) {
            String toId = a.path("to").path("id").asText();
            for (JsonNode t : a.path("types")) {
                links.add(new Object[] {toId, t.path("associationTypeId").asInt()});
            }
        }
        return links;
    }

    /** The object type a HubSpot-defined association type id points to from this type. */
    private String targetTypeOf(SimulatedPortal portal, String fromType, String toId, int typeId) {
        for (String candidate : HubSpotSandbox.ALL_TYPES) {
            if (AssociationTypes.typeId(fromType, candidate) == typeId && portal.record(candidate, toId).isPresent()) {
                return candidate;
            }
        }
        throw new HubSpotError(400, "VALIDATION_ERROR", "association type " + typeId + " from " + fromType + " to object " + toId + " is not valid");
    }

    private void requireRecord(SimulatedPortal portal, String type, String id) {
        if (portal.record(type, id).isEmpty()) {
            throw HubSpotError.notFound("No " + type + " with id " + id + " exists");
        }
    }

    private static String schemaScope(String type) {
        if (type.startsWith("2-")) {
            return "crm.schemas.custom.read";
        }
        return type.equals("tickets") ? "tickets" : "crm.schemas." + type + ".read";
    }

    private static String singular(String type) {
        return switch (type) {
            case "companies" -> "company";
            case "line_items" -> "line_item";
            default -> type.endsWith("s") ? type.substring(0, type.length() - 1) : type;
        };
    }

    private static String signature(long portalId, String fileId) {
        return Integer.toHexString(("sandbox-signed-" + portalId + "/" + fileId).hashCode());
    }

    private static List<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

}
