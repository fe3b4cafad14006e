package io.metaingest.cli.migrate;

import io.metaingest.api.config.SourceConfigType;
import java.util.List;

/**
 * A workflow file that {@code metaingest migrate} writes beside the migrated one, for settings that
 * OpenMetadata 1.6 moved to another workflow kind (view lineage, sample data and PII).
 *
 * @param type its sourceConfig type
 * @param text its YAML, made from the migrated file so comments, the connection and the sink stay as written
 * @param movedFields the settings it received, by their new names
 * @param keptFields the settings of the original sourceConfig it keeps because its kind has them too
 * @param leftOut the original's settings it leaves out: sourceConfig fields its kind does not have, and
 *                the keys that identify the original's ingestion pipeline and run
 */
public record Companion(SourceConfigType type, String text, List<String> movedFields, List<String> keptFields,
                        List<String> leftOut) {

    /** This companion with {@code text} as its file's text. */
    Companion withText(String text) {
        return new Companion(type, text, movedFields, keptFields, leftOut);
    }

    /** The file name beside {@code mainFile}: {@code pg.yaml} gives {@code pg-lineage.yaml}. */
    public String fileNameBeside(String mainFile) {
        int dot = mainFile.lastIndexOf('.');
        String stem = dot > 0 ? mainFile.substring(0, dot) : mainFile;
        String extension = dot > 0 ? mainFile.substring(dot) : ".yaml";
        return stem + "-" + type.kind().id() + extension;
    }
}
