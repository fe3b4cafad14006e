package io.metaingest.toolkit.quality;

import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads a test case's parameters, which OpenMetadata keeps as text, into numbers, flags and lists. */
final class Parameters {

    private final TestCase testCase;

    Parameters(TestCase testCase) {
        this.testCase = testCase;
    }

    Optional<String> text(String name) {
        return testCase.parameter(name).map(String::trim).filter(v -> !v.isEmpty());
    }

    String requiredText(String name) throws BadParameterException {
        return text(name).orElseThrow(() -> missing(name));
    }

    Optional<BigDecimal> number(String name) throws BadParameterException {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(text.get()));
        } catch (NumberFormatException e) {
            throw new BadParameterException("parameter " + name + " of " + testCase.testDefinitionName() + ": '"
                    + text.get() + "' is not a number");
        }
    }

    BigDecimal requiredNumber(String name) throws BadParameterException {
        return number(name).orElseThrow(() -> missing(name));
    }

    /** A boolean parameter, false when absent; any other text than true or false is refused. */
    boolean flag(String name) throws BadParameterException {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return false;
        }
        String value = text.get().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new BadParameterException("parameter " + name + " of " + testCase.testDefinitionName() + ": '"
                    + text.get() + "' is not true or false; write one of them in parameterValues");
        }
        return value.equals("true");
    }

    /**
     * Refuses a parameter the definition does not have, naming the ones it has: read as absent, a misspelt
     * bound would widen the test until it passes.
     */
    void requireKnown(List<String> known) throws BadParameterException {
        for (TestCaseParameterValue given : testCase.parameterValues()) {
            if (!known.contains(given.name())) {
                throw new BadParameterException("parameter " + given.name() + " is not one of "
                        + testCase.testDefinitionName() + "'s" + (known.isEmpty() ? " (it takes none)"
                        : " (" + String.join(", ", known) + ")") + "; correct or remove it in parameterValues");
            }
        }
    }

    /**
     * A list, written as a JSON or Python list ({@code ["a", "b"]}, {@code ['a', 'b']}) or as one value
     * per comma ({@code a, b}).
     */
    Optional<List<String>> list(String name) throws BadParameterException {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get();
        if (!value.startsWith("[")) {
            List<String> items = new ArrayList<>();
            for (String item : value.split(",")) {
                items.add(item.trim());
            }
            return Optional.of(items);
        }
        if (!value.endsWith("]")) {
            throw new BadParameterException("parameter " + name + " of " + testCase.testDefinitionName()
                    + ": unterminated list " + value);
        }
        return Optional.of(quotedItems(name, value.substring(1, value.length() - 1)));
    }

    private List<String> quotedItems(String name, String body) throws BadParameterException {
        List<String> items = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c != '"' && c != '\'') {
                int end = body.indexOf(',', i);
                end = end < 0 ? body.length() : end;
                items.add(body.substring(i, end).trim());
                i = end;
                continue;
            }
            StringBuilder item = new StringBuilder();
            int j = i + 1;
            while (j < body.length() && body.charAt(j) != c) {
                if (body.charAt(j) == '\\' && j + 1 < body.length()) {
                    j++;
                }
                item.append(body.charAt(j));
                j++;
            }
            if (j >= body.length()) {
                throw new BadParameterException("parameter " + name + " of " + testCase.testDefinitionName()
                        + ": unterminated quote in [" + body + "]");
            }
            items.add(item.toString());
            i = j + 1;
        }
        return items;
    }

    private BadParameterException missing(String name) {
        return new BadParameterException("parameter " + name + " is required by " + testCase.testDefinitionName()
                + "; add it to parameterValues");
    }
}
