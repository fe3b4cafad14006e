package io.metaingest.connectors.microstrategy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One object found by a quick search (type 55: documents and dossiers).
 *
 * @param id the object id
 * @param name the object name
 * @param type 55 for a document definition
 * @param subtype {@value #DOSSIER_SUBTYPE} for a dossier; documents have others
 * @param description the description
 * @param dateCreated creation time
 * @param dateModified modification time
 * @param version the object version
 * @param owner the owner
 * @param projectId the project it lives in (missing on older servers)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MstrSearchResult(String id, String name, Integer type, Integer subtype, String description,
                               String dateCreated, String dateModified, String version, MstrOwner owner,
                               String projectId) {

    /** The subtype of a dossier (EnumDSSXMLObjectSubTypes.DssXmlSubTypeDocumentDefinitionDossier... 14081). */
    public static final int DOSSIER_SUBTYPE = 14081;

    /** Whether this result is a dossier rather than a classic document. Unknown subtypes count as dossiers. */
    public boolean isDossier() {
        return subtype == null || subtype == DOSSIER_SUBTYPE;
    }
}
