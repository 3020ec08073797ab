package io.hubjira.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubjira.hubspot.WriteProblem.Kind;
import org.junit.jupiter.api.Test;

/** What a refused HubSpot write broke, read from each form the error body takes. */
class WriteProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    private List<WriteProblem> of(String body) throws Exception {
        return WriteProblem.of(json, json.readTree(body));
    }

    @Test
    void aConditionalPropertyRuleNamesTheRequiredPropertyAndWhatItDependsOn() throws Exception {
        List<WriteProblem> problems = of("""
                {"category":"VALIDATION_ERROR","message":"The property values provided are invalid","correlationId":"c",
                 "errors":[{"code":"MISSING_CONDITIONAL_REQUIRED_PROPERTY",
                   "message":"my_property is required because of a conditional property rule based on [country]",
                   "context":{"propertyName":["my_property"]}}]}""");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.CONDITIONAL_REQUIRED);
            assertThat(p.properties()).containsExactly("my_property");
            assertThat(p.basedOn()).containsExactly("country");
            assertThat(p.plain()).isEqualTo("the portal's conditional property rule requires my_property when country has the value written,"
                    + " and the write leaves it empty");
        });
    }

    @Test
    void createRecordRequirementsAndTheAssociationPermissionAreRulesOfThePortalToo() throws Exception {
        assertThat(of("""
                {"status":"error","category":"VALIDATION_ERROR","message":"The property values provided are invalid",
                 "errors":[{"code":"MISSING_REQUIRED_PROPERTY","message":"A value for firstname must be provided","context":{"propertyName":["firstname"]}}]}"""))
                .singleElement().satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(Kind.REQUIRED_ON_CREATE);
                    assertThat(p.kind().portalRule()).isTrue();
                    assertThat(p.plain()).isEqualTo("the object's Create Record settings require firstname on every new record");
                });
        assertThat(of("{\"status\":\"error\",\"message\":\"Missing 'Edit Associations' permission.\",\"category\":\"VALIDATION_ERROR\"}"))
                .singleElement().satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(Kind.ASSOCIATION_PERMISSION);
                    assertThat(p.kind().code()).isEqualTo("MISSING_ASSOCIATION_PERMISSION");
                });
    }

    @Test
    void valuesAPropertyDoesNotTakeComeAsAListInsideTheMessage() throws Exception {
        List<WriteProblem> problems = of("""
                {"status":"error","message":"Property values were not valid: [{\\"isValid\\":false,\\"message\\":\\"\\\\\\"BRL\\\\\\" is not a part of the current effective currency codes\\",\\"error\\":\\"INVALID_OPTION\\",\\"name\\":\\"deal_currency_code\\"},{\\"isValid\\":false,\\"message\\":\\"Property \\\\\\"nope\\\\\\" does not exist\\",\\"error\\":\\"PROPERTY_DOESNT_EXIST\\",\\"name\\":\\"nope\\"}]",
                 "correlationId":"c","category":"VALIDATION_ERROR"}""");
        assertThat(problems).extracting(WriteProblem::kind).containsExactly(Kind.INVALID_VALUE, Kind.UNKNOWN_PROPERTY);
        assertThat(problems.get(0).plain()).isEqualTo("deal_currency_code: \"BRL\" is not a part of the current effective currency codes");
        assertThat(problems.get(1).plain()).isEqualTo("property nope does not exist");
        assertThat(problems).noneMatch(p -> p.kind().portalRule());
    }

    @Test
    void aRecordsErrorInABatchAnswerNamesTheRuleAsAWholeRefusalDoes() throws Exception {
        BatchErrors.Entry entry = json.readValue("""
                {"status":"error","category":"VALIDATION_ERROR","message":"The property values provided are invalid","context":{"ids":["901"]},
                 "errors":[{"code":"MISSING_CONDITIONAL_REQUIRED_PROPERTY",
                   "message":"closedate is required because of a conditional property rule based on [dealstage]",
                   "context":{"propertyName":["closedate"]}}],"links":{}}""", BatchErrors.Entry.class);
        java.util.Map<String, HubSpotApiException> failed = new java.util.LinkedHashMap<>();
        BatchErrors.attribute("/crm/objects/2026-09/deals/batch/update", List.of(entry), java.util.Map.of("901", "901", "902", "902"), false,
                new java.util.HashSet<>(), failed);

        assertThat(failed.get("901").status()).isEqualTo(400);
        assertThat(failed.get("901").portalRule()).get().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.CONDITIONAL_REQUIRED);
            assertThat(p.properties()).containsExactly("closedate");
        });
        assertThat(failed.get("901").getMessage()).contains("requires closedate when dealstage has the value written");
        assertThat(failed.get("902").portalRule()).as("an input the answer neither did nor named failed, by no rule").isEmpty();
    }

    @Test
    void aBodyThatNamesNothingReadableHasNoProblems() throws Exception {
        assertThat(of("{\"status\":\"error\",\"message\":\"Invalid input JSON on line 1\",\"category\":\"VALIDATION_ERROR\"}")).isEmpty();
    }
}
