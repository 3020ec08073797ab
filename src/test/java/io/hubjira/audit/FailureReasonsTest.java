package io.hubjira.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureReasonsTest {

    @Test
    void anApisRefusalSaysWhatTheApiSaidAndWhatToDo() {
        String reason = FailureReasons.plain("JIRA_400", "Jira answered 400 on PUT /rest/api/3/issue/SUP-1: Field 'customfield_10012' cannot be set.");
        assertThat(reason).startsWith("Jira refused the change: Field 'customfield_10012' cannot be set.")
                .contains("then replay").doesNotContain("answered 400 on PUT");
    }

    @Test
    void hubspotsOwnCategoriesGetTheirOwnAdvice() {
        assertThat(FailureReasons.plain("MISSING_SCOPES", "HubSpot answered 403 MISSING_SCOPES on PATCH /crm/objects/2026-03/deals/1: needs crm.objects.deals.write"))
                .contains("lacks a scope").contains("crm.objects.deals.write");
        assertThat(FailureReasons.plain("OBJECT_NOT_FOUND", "gone")).contains("no longer exists");
        assertThat(FailureReasons.plain("VALIDATION_ERROR", "HubSpot answered 400 VALIDATION_ERROR on PATCH x: Property values were not valid"))
                .startsWith("HubSpot refused the values: Property values were not valid");
    }

    @Test
    void aPortalsOwnRuleSaysWhichPropertyItRequiresAndWhereTheRuleLives() {
        String conditional = FailureReasons.plain("MISSING_CONDITIONAL_REQUIRED_PROPERTY", "HubSpot answered 400 VALIDATION_ERROR on PATCH x: the portal's"
                + " conditional property rule requires closedate when dealstage has the value written, and the write leaves it empty (correlationId c)");
        assertThat(conditional).startsWith("A rule of the HubSpot portal refused the write: the portal's conditional property rule requires closedate")
                .contains("Settings → Properties").contains("map it from a Jira field").endsWith("then replay.");
        assertThat(FailureReasons.plain("MISSING_REQUIRED_PROPERTY", "HubSpot answered 400 VALIDATION_ERROR on POST x: the object's Create Record"
                + " settings require firstname on every new record")).contains("firstname").contains("Create Record");
        assertThat(FailureReasons.plain("MISSING_ASSOCIATION_PERMISSION", "HubSpot answered 400 VALIDATION_ERROR on PUT x: the HubSpot user the"
                + " connector acts as lacks the Edit Associations permission")).contains("Edit Associations permission").contains("Users & Teams");
    }

    @Test
    void transientFailuresSayTheyClearByThemselves() {
        assertThat(FailureReasons.plain("HUBSPOT_429", "")).contains("rate limit").contains("clears by itself");
        assertThat(FailureReasons.plain("JIRA_503", "Jira answered 503 on GET x: unavailable")).contains("server error").contains("503");
        assertThat(FailureReasons.plain("JIRA_UNREACHABLE", "connect timed out")).contains("could not be reached");
    }

    @Test
    void withoutACategoryTheMessageItselfIsTheReason() {
        assertThat(FailureReasons.plain(null, "Something odd")).isEqualTo("Something odd");
        assertThat(FailureReasons.plain(null, null)).isEqualTo("The sync failed for an unknown reason.");
        assertThat(FailureReasons.plain("SomeNewCategory", "HubSpot answered 418 on GET x: teapot")).isEqualTo("teapot");
    }
}
