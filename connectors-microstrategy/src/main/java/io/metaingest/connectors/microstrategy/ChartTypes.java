package io.metaingest.connectors.microstrategy;

import io.metaingest.api.entity.ChartType;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a MicroStrategy {@code visualizationType} to OpenMetadata's chart type. The public docs show
 * {@code grid} and {@code kpi}; the other names are MicroStrategy's visualization gallery names,
 * compared without case, spaces, dashes or underscores. Anything else is {@code Other}.
 */
final class ChartTypes {

    private static final Map<String, ChartType> BY_NAME = Map.ofEntries(
            Map.entry("grid", ChartType.TABLE),
            Map.entry("compoundgrid", ChartType.TABLE),
            Map.entry("crosstab", ChartType.TABLE),
            Map.entry("table", ChartType.TABLE),
            Map.entry("kpi", ChartType.TEXT),
            Map.entry("multikpi", ChartType.TEXT),
            Map.entry("text", ChartType.TEXT),
            Map.entry("bar", ChartType.BAR),
            Map.entry("barchart", ChartType.BAR),
            Map.entry("column", ChartType.BAR),
            Map.entry("stackedbar", ChartType.BAR),
            Map.entry("line", ChartType.LINE),
            Map.entry("linechart", ChartType.LINE),
            Map.entry("area", ChartType.AREA),
            Map.entry("areachart", ChartType.AREA),
            Map.entry("pie", ChartType.PIE),
            Map.entry("piechart", ChartType.PIE),
            Map.entry("ring", ChartType.PIE),
            Map.entry("donut", ChartType.PIE),
            Map.entry("scatter", ChartType.SCATTER),
            Map.entry("bubble", ChartType.SCATTER),
            Map.entry("histogram", ChartType.HISTOGRAM),
            Map.entry("boxplot", ChartType.BOX_PLOT),
            Map.entry("map", ChartType.MAP),
            Map.entry("geospatial", ChartType.MAP),
            Map.entry("heatmap", ChartType.HEATMAP),
            Map.entry("gauge", ChartType.GAUGE),
            Map.entry("network", ChartType.GRAPH),
            Map.entry("sankey", ChartType.SAN_KEY),
            Map.entry("timeline", ChartType.TIMELINE));

    private ChartTypes() {
    }

    /** The chart type of a visualization type; {@link ChartType#OTHER} when unknown or absent. */
    static ChartType of(String visualizationType) {
        if (visualizationType == null) {
            return ChartType.OTHER;
        }
        String key = visualizationType.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
        return BY_NAME.getOrDefault(key, ChartType.OTHER);
    }
}
