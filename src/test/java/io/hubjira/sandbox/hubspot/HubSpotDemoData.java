package io.hubjira.sandbox.hubspot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hubjira.catalog.HubSpotObjectCatalog;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Option;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Pipeline;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.PropertyDef;
import io.hubjira.sandbox.hubspot.HubSpotSandbox.Stage;

/** Property definitions, pipelines, owners and the demo records of the simulated portal. */
final class HubSpotDemoData {

    private HubSpotDemoData() {}

    static List<PropertyDef> defaultProperties(String type) {
        List<PropertyDef> p = new ArrayList<>();
        p.add(new PropertyDef("hs_object_id", "Record ID", "number", "number", List.of(), true, null));
        p.add(new PropertyDef("createdate", "Create Date", "datetime", "date", List.of(), true, null));
        p.add(new PropertyDef("hs_lastmodifieddate", "Last Modified Date", "datetime", "date", List.of(), true, null));
        p.add(new PropertyDef("hubspot_owner_id", "Owner", "enumeration", "select", List.of(), false, "OWNER"));
        p.add(new PropertyDef("notes_last_updated", "Last Activity Date", "datetime", "date", List.of(), true, null));
        switch (type) {
            case "deals" -> {
                p.add(text("dealname", "Deal Name"));
                p.add(text("jira_issue_key", "Jira Issue Key"));
                p.add(new PropertyDef("amount", "Amount", "number", "number", List.of(), false, null));
                p.add(new PropertyDef("closedate", "Close Date", "datetime", "date", List.of(), false, null));
                p.add(new PropertyDef("dealstage", "Deal Stage", "enumeration", "radio", stageOptions(dealPipeline()), false, null));
                p.add(new PropertyDef("pipeline", "Pipeline", "enumeration", "select", List.of(new Option("Sales Pipeline", "default", 0)), false, null));
                p.add(enumeration("dealtype", "Deal Type", "select", "New Business", "newbusiness", "Existing Business", "existingbusiness"));
                p.add(new PropertyDef("description", "Deal Description", "string", "textarea", List.of(), false, null));
                p.add(enumeration("hs_priority", "Priority", "select", "Low", "low", "Medium", "medium", "High", "high"));
                p.add(new PropertyDef("followup_date", "Follow-up Date", "date", "date", List.of(), false, null));
                p.add(new PropertyDef("internal_notes", "Internal Notes", "string", "html", List.of(), false, null));
                p.add(enumeration("region", "Regions", "checkbox", "EMEA", "emea", "Americas", "americas", "APAC", "apac"));
                p.add(new PropertyDef("is_strategic", "Strategic", "bool", "booleancheckbox",
                        List.of(new Option("Yes", "true", 0), new Option("No", "false", 1)), false, null));
            }
            case "tickets" -> {
                p.add(text("subject", "Ticket name"));
                p.add(new PropertyDef("content", "Ticket description", "string", "textarea", List.of(), false, null));
                p.add(new PropertyDef("hs_pipeline", "Pipeline", "enumeration", "select", List.of(new Option("Support Pipeline", "0", 0)), false, null));
                p.add(new PropertyDef("hs_pipeline_stage", "Ticket status", "enumeration", "radio", stageOptions(ticketPipeline()), false, null));
                p.add(enumeration("hs_ticket_priority", "Priority", "select", "Low", "LOW", "Medium", "MEDIUM", "High", "HIGH", "Urgent", "URGENT"));
            }
            case "contacts" -> {
                p.add(text("firstname", "First Name"));
                p.add(text("lastname", "Last Name"));
                p.add(text("email", "Email"));
                p.add(new PropertyDef("phone", "Phone Number", "string", "phonenumber", List.of(), false, null));
                p.add(text("jobtitle", "Job Title"));
            }
            case "companies" -> {
                p.add(text("name", "Company name"));
                p.add(text("domain", "Company Domain Name"));
                p.add(enumeration("industry", "Industry", "select", "Software", "COMPUTER_SOFTWARE", "Retail", "RETAIL", "Banking", "BANKING"));
                p.add(new PropertyDef("numberofemployees", "Number of Employees", "number", "number", List.of(), false, null));
            }
            case "notes" -> {
                p.add(new PropertyDef("hs_note_body", "Note body", "string", "html", List.of(), false, null));
                p.add(new PropertyDef("hs_timestamp", "Activity date", "datetime", "date", List.of(), false, null));
                p.add(text("hs_attachment_ids", "Attached file IDs"));
            }
            case HubSpotSandbox.CUSTOM_TYPE_ID -> {
                p.add(text("project_name", "Project name"));
                p.add(new PropertyDef("budget", "Budget", "number", "number", List.of(), false, null));
                p.add(new PropertyDef("hs_pipeline", "Pipeline", "enumeration", "select", List.of(new Option("Delivery", "delivery", 0)), false, null));
                p.add(new PropertyDef("hs_pipeline_stage", "Stage", "enumeration", "radio", stageOptions(customPipeline()), false, null));
            }
            default -> {
                String display = HubSpotObjectCatalog.find(type).map(HubSpotObjectCatalog.CuratedObject::primaryDisplayProperty).orElse("hs_name");
                p.add(text(display, "Name"));
            }
        }
        return List.copyOf(p);
    }

    private static PropertyDef text(String name, String label) {
        return new PropertyDef(name, label, "string", "text", List.of(), false, null);
    }

    private static PropertyDef enumeration(String name, String label, String fieldType, String... labelValuePairs) {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < labelValuePairs.length; i += 2) {
            options.add(new Option(labelValuePairs[i], labelValuePairs[i + 1], i / 2));
        }
        return new PropertyDef(name, label, "enumeration", fieldType, options, false, null);
    }

    private static List<Option> stageOptions(Pipeline pipeline) {
        return pipeline.stages().stream().map(s -> new Option(s.label(), s.id(), s.displayOrder())).toList();
    }

    static Pipeline dealPipeline() {
        return new Pipeline("default", "Sales Pipeline", 0, List.of(
                dealStage("appointmentscheduled", "Appointment Scheduled", 0, "0.2", false),
                dealStage("qualifiedtobuy", "Qualified To Buy", 1, "0.4", false),
                dealStage("presentationscheduled", "Presentation Scheduled", 2, "0.6", false),
                dealStage("decisionmakerboughtin", "Decision Maker Bought-In", 3, "0.8", false),
                dealStage("contractsent", "Contract Sent", 4, "0.9", false),
                dealStage("closedwon", "Closed Won", 5, "1.0", true),
                dealStage("closedlost", "Closed Lost", 6, "0.0", true)));
    }

    private static Stage dealStage(String id, String label, int order, String probability, boolean closed) {
        return new Stage(id, label, order, Map.of("probability", probability, "isClosed", String.valueOf(closed)));
    }

    static Pipeline ticketPipeline() {
        return new Pipeline("0", "Support Pipeline", 0, List.of(
                new Stage("1", "New", 0, Map.of("ticketState", "OPEN")),
                new Stage("2", "Waiting on contact", 1, Map.of("ticketState", "OPEN")),
                new Stage("3", "Waiting on us", 2, Map.of("ticketState", "OPEN")),
                new Stage("4", "Closed", 3, Map.of("ticketState", "CLOSED"))));
    }

    static Pipeline customPipeline() {
        return new Pipeline("delivery", "Delivery", 0, List.of(
                new Stage("planned", "Planned", 0, Map.of()),
                new Stage("running", "Running", 1, Map.of()),
                new Stage("delivered", "Delivered", 2, Map.of("isClosed", "true"))));
    }

    static void seed(SimulatedPortal s) {
        s.pipelines.put("deals", List.of(dealPipeline()));
        s.pipelines.put("tickets", List.of(ticketPipeline()));
        s.pipelines.put(HubSpotSandbox.CUSTOM_TYPE_ID, List.of(customPipeline()));
        s.owners.add(new HubSpotSandbox.Owner("501", "ada.lovelace@example.com", "Ada", "Lovelace", 9001));
        s.owners.add(new HubSpotSandbox.Owner("502", "grace.hopper@example.com", "Grace", "Hopper", 9002));
        s.owners.add(new HubSpotSandbox.Owner("503", "alan.turing@example.com", "Alan", "Turing", 9003));

        String[][] companies = {{"Acme Corp", "acme.example.com"}, {"Globex", "globex.example.com"}, {"Initech", "initech.example.com"},
                {"Umbrella", "umbrella.example.com"}, {"Hooli", "hooli.example.com"}, {"Stark Industries", "stark.example.com"},
                {"Wayne Enterprises", "wayne.example.com"}, {"Soylent", "soylent.example.com"}};
        List<String> companyIds = new ArrayList<>();
        for (String[] c : companies) {
            companyIds.add(s.create("companies", Map.of("name", c[0], "domain", c[1], "industry", "COMPUTER_SOFTWARE")).id);
        }
        String[] first = {"Alice", "Bob", "Carol", "Dan", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj", "Olivia", "Peggy", "Rupert"};
        List<String> contactIds = new ArrayList<>();
        for (int i = 0; i < first.length; i++) {
            String id = s.create("contacts", Map.of("firstname", first[i], "lastname", "Example", "email",
                    first[i].toLowerCase() + "@example.com", "jobtitle", i % 2 == 0 ? "Buyer" : "Engineer")).id;
            contactIds.add(id);
            s.associate("contacts", id, "companies", companyIds.get(i % companyIds.size()), AssociationTypes.typeId("contacts", "companies"));
        }
        String[] stages = {"appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent", "closedwon", "closedlost"};
        for (int i = 0; i < 12; i++) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("dealname", companies[i % companies.length][0] + " — " + (i % 2 == 0 ? "Platform licence" : "Support renewal") + " " + (i + 1));
            values.put("amount", String.valueOf(5000 + i * 1250));
            values.put("dealstage", stages[i % stages.length]);
            values.put("pipeline", "default");
            values.put("dealtype", i % 3 == 0 ? "existingbusiness" : "newbusiness");
            values.put("description", "Demo deal " + (i + 1) + " for the sandbox.");
            values.put("hubspot_owner_id", s.owners.get(i % 3).id());
            values.put("hs_priority", i % 3 == 0 ? "high" : "medium");
            String id = s.create("deals", values).id;
            s.associate("deals", id, "companies", companyIds.get(i % companyIds.size()), AssociationTypes.typeId("deals", "companies"));
            s.associate("deals", id, "contacts", contactIds.get(i % contactIds.size()), AssociationTypes.typeId("deals", "contacts"));
            if (i < 3) {
                s.addNote("deals", id, "<p>Kick-off call went well. <strong>Next:</strong> send the proposal.</p>", s.owners.get(i).id(), List.of());
            }
            if (i == 0) {
                byte[] png = pngLikeBytes();
                var file = s.storeFile("architecture-sketch.png", png, "PRIVATE", "/demo");
                s.addNote("deals", id, "<p>Architecture sketch attached.</p>", s.owners.get(0).id(), List.of(file.id()));
            }
        }
        String[] ticketStages = {"1", "2", "3", "4"};
        for (int i = 0; i < 8; i++) {
            String id = s.create("tickets", Map.of("subject", "Demo ticket " + (i + 1) + ": login problem", "content",
                    "Customer cannot sign in (case " + (i + 1) + ").", "hs_pipeline", "0", "hs_pipeline_stage", ticketStages[i % 4],
                    "hs_ticket_priority", i % 4 == 0 ? "URGENT" : "MEDIUM")).id;
            s.associate("tickets", id, "contacts", contactIds.get(i), AssociationTypes.typeId("tickets", "contacts"));
        }
        for (int i = 0; i < 3; i++) {
            s.create(HubSpotSandbox.CUSTOM_TYPE_ID, Map.of("project_name", "Rollout " + (i + 1), "budget", String.valueOf(10000 * (i + 1)),
                    "hs_pipeline", "delivery", "hs_pipeline_stage", i == 0 ? "planned" : "running"));
        }
    }

    private static byte[] pngLikeBytes() {
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        byte[] body = "sandbox demo image; binary-safe: ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[header.length + body.length + 256];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(body, 0, bytes, header.length, body.length);
        for (int i = 0; i < 256; i++) {
            bytes[header.length + body.length + i] = (byte) i;
        }
        return bytes;
    }
}
