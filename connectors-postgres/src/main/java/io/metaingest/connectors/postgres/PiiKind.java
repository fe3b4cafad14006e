package io.metaingest.connectors.postgres;

import java.util.regex.Pattern;

/**
 * The kinds of personal data the auto-classification recognises, each with the PII tag it earns
 * ({@code PII.Sensitive}: it identifies or endangers a person on its own; {@code PII.NonSensitive}:
 * personal, but weak alone) and the column names that announce it. Value detection lives in
 * {@link PiiValues}.
 */
enum PiiKind {
    EMAIL("email address", true, "e_?mail(_?addr(ess)?)?"),
    PHONE("phone number", true, "(tele?)?phone(_?(number|num|no))?|mobile|cell(_?phone)?|fax"),
    CREDIT_CARD("credit card number", true, "(credit|debit)?_?card_?(number|num|no)|cc_?(number|num|no)|pan"),
    IBAN("bank account (IBAN)", true, "iban|bank_?account(_?(number|num|no))?|account_?(number|num|no)"),
    NATIONAL_ID("national identifier (SSN)", true,
            "ssn|social_?security(_?(number|num|no))?|national_?id|tax_?id|passport(_?(number|num|no))?"),
    PERSON_NAME("person name", true, "(first|last|given|family|middle|full|maiden|sur)_?name|surname|forename"),
    IP_ADDRESS("IP address", false, "ip|ip_?addr(ess)?|(client|remote|source)_?ip"),
    CREDENTIAL("password or secret", true, "password|passwd|pwd|secret|api_?key|token"),
    BIRTH_DATE("date of birth", true, "dob|birth_?date|date_?of_?birth|birthday"),
    DEMOGRAPHIC("demographic attribute", false, "gender|sex|nationality|ethnicity|religion|marital_?status");

    /** The tag of sensitive personal data. */
    static final String SENSITIVE = "PII.Sensitive";
    /** The tag of non-sensitive personal data. */
    static final String NON_SENSITIVE = "PII.NonSensitive";

    private final String label;
    private final boolean sensitive;
    private final Pattern columnName;

    PiiKind(String label, boolean sensitive, String columnName) {
        this.label = label;
        this.sensitive = sensitive;
        // The whole name, or a part of it between underscores, e.g. customer_email or email_primary.
        this.columnName = Pattern.compile("(^|.*_)(" + columnName + ")(_.*|$)");
    }

    String label() {
        return label;
    }

    String tag() {
        return sensitive ? SENSITIVE : NON_SENSITIVE;
    }

    /** Whether {@code normalized} (lower case, words joined by underscores) names this kind. */
    boolean namedBy(String normalized) {
        return columnName.matcher(normalized).matches();
    }
}
