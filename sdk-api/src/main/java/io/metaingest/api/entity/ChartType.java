package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kinds of chart. */
public enum ChartType {
    /** Line. */
    @JsonProperty("Line")
    LINE,
    /** Table. */
    @JsonProperty("Table")
    TABLE,
    /** Bar. */
    @JsonProperty("Bar")
    BAR,
    /** Area. */
    @JsonProperty("Area")
    AREA,
    /** Pie. */
    @JsonProperty("Pie")
    PIE,
    /** Histogram. */
    @JsonProperty("Histogram")
    HISTOGRAM,
    /** Scatter. */
    @JsonProperty("Scatter")
    SCATTER,
    /** Text. */
    @JsonProperty("Text")
    TEXT,
    /** BoxPlot. */
    @JsonProperty("BoxPlot")
    BOX_PLOT,
    /** SanKey. */
    @JsonProperty("SanKey")
    SAN_KEY,
    /** Gauge. */
    @JsonProperty("Gauge")
    GAUGE,
    /** Map. */
    @JsonProperty("Map")
    MAP,
    /** Graph. */
    @JsonProperty("Graph")
    GRAPH,
    /** Heatmap. */
    @JsonProperty("Heatmap")
    HEATMAP,
    /** Timeline. */
    @JsonProperty("Timeline")
    TIMELINE,
    /** Other. */
    @JsonProperty("Other")
    OTHER
}
