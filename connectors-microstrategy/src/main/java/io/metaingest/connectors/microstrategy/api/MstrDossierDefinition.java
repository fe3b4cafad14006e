package io.metaingest.connectors.microstrategy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code GET /api/v2/dossiers/{id}/definition}: chapters → pages → visualizations, and the datasets.
 *
 * @param id the dossier id
 * @param name the dossier name
 * @param hasPrompt whether it prompts
 * @param currentChapter the key of the chapter shown first
 * @param chapters the chapters
 * @param datasets the datasets (cubes, reports) it reads
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MstrDossierDefinition(String id, String name, Boolean hasPrompt, String currentChapter,
                                    List<Chapter> chapters, List<Dataset> datasets) {

    /** Never null lists. */
    public MstrDossierDefinition {
        chapters = chapters == null ? List.of() : chapters;
        datasets = datasets == null ? List.of() : datasets;
    }

    /**
     * A chapter.
     *
     * @param key the chapter key, e.g. {@code K36}
     * @param name the title
     * @param pages the pages
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Chapter(String key, String name, List<Page> pages) {
        /** Never null. */
        public Chapter {
            pages = pages == null ? List.of() : pages;
        }
    }

    /**
     * A page of a chapter.
     *
     * @param key the page key, e.g. {@code W62}; unique within the dossier only
     * @param name the title
     * @param visualizations the visualizations
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page(String key, String name, List<Visualization> visualizations) {
        /** Never null. */
        public Page {
            visualizations = visualizations == null ? List.of() : visualizations;
        }
    }

    /**
     * A visualization on a page.
     *
     * @param key the visualization key, e.g. {@code W63}; unique within the dossier only
     * @param name the title
     * @param visualizationType e.g. {@code grid}, {@code kpi}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Visualization(String key, String name, String visualizationType) {
    }

    /**
     * A dataset the dossier reads: an intelligent cube, a report or an imported dataset.
     *
     * @param id the dataset (cube) id
     * @param name the dataset name
     * @param availableObjects its attributes and metrics
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Dataset(String id, String name, List<AvailableObject> availableObjects) {
        /** Never null. */
        public Dataset {
            availableObjects = availableObjects == null ? List.of() : availableObjects;
        }
    }

    /**
     * An attribute or metric of a dataset.
     *
     * @param id the object id
     * @param name the object name
     * @param type {@code attribute} or {@code metric}
     * @param forms an attribute's forms
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AvailableObject(String id, String name, String type, List<Form> forms) {
    }

    /**
     * A form of an attribute.
     *
     * @param id the form id
     * @param name the form name, e.g. {@code DESC}
     * @param dataType e.g. {@code varChar}, {@code integer}
     * @param baseFormCategory e.g. {@code DESC}
     * @param baseFormType e.g. {@code text}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Form(String id, String name, String dataType, String baseFormCategory, String baseFormType) {
    }
}
