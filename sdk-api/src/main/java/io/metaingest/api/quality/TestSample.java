package io.metaingest.api.quality;

import io.metaingest.api.config.TestSuiteConfig;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The rows of each table a test suite's tests read: OpenMetadata's {@code profileSample},
 * {@code profileSampleType} and {@code samplingMethodType} of the suite's {@code sourceConfig.config},
 * as the profiler reads them. {@link #WHOLE_TABLE} when the suite sets no sample or 100 percent.
 * Which tests read the sample and which their whole table is the executor's to say, in each result.
 *
 * @param profileSampleType {@code PERCENTAGE} or {@code ROWS}; null for the whole table
 * @param profileSample the percentage (more than 0, less than 100) or the number of rows (more than 0);
 *                      null for the whole table
 * @param samplingMethodType how a percentage is picked: {@code SYSTEM} (whole pages) or {@code BERNOULLI}
 *                           (each row); null lets the connector choose
 */
public record TestSample(String profileSampleType, Double profileSample, String samplingMethodType) {

    /** No sample: every test reads its whole table. */
    public static final TestSample WHOLE_TABLE = new TestSample(null, null, null);

    /** Spells the type and method upper-case; a sample without a size, or of 100 percent or more, is none. */
    public TestSample {
        if (profileSample == null || profileSampleType == null
                || profileSampleType.equalsIgnoreCase("PERCENTAGE") && profileSample >= 100) {
            profileSampleType = null;
            profileSample = null;
            samplingMethodType = null;
        } else {
            profileSampleType = profileSampleType.toUpperCase(Locale.ROOT);
            samplingMethodType = samplingMethodType == null ? null : samplingMethodType.toUpperCase(Locale.ROOT);
        }
    }

    /** The sample a suite sets; {@code profileSampleType} defaults to PERCENTAGE, as in OpenMetadata. */
    public static TestSample of(TestSuiteConfig suite) {
        return suite.profileSample() == null ? WHOLE_TABLE : new TestSample(
                suite.profileSampleType() == null ? "PERCENTAGE" : suite.profileSampleType(), suite.profileSample(),
                suite.samplingMethodType());
    }

    /** Whether the tests read their whole tables. */
    public boolean wholeTable() {
        return profileSample == null;
    }

    /** Whether the sample is a number of rows rather than a percentage. */
    public boolean rows() {
        return "ROWS".equals(profileSampleType);
    }

    /** The setting in the file's words, e.g. {@code profileSample 10 ROWS}; {@code no profileSample} for none. */
    @Override
    public String toString() {
        if (wholeTable()) {
            return "no profileSample";
        }
        BigDecimal size = BigDecimal.valueOf(profileSample).stripTrailingZeros();
        return "profileSample " + (size.scale() < 0 ? size.setScale(0) : size).toPlainString() + " " + profileSampleType
                + (samplingMethodType == null ? "" : " " + samplingMethodType);
    }
}
