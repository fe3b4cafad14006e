/**
 * The one shared test connector of the project's tests, {@link io.metaingest.testconnectors.ShelfSpec}
 * ("Shelf"): a database read from a simulated server whose behaviour its connection
 * ({@link io.metaingest.testconnectors.ShelfConnection}) chooses, so a test states what it needs in
 * its workflow instead of writing a fake of its own. A test that needs a second service type uses a
 * variant of the same connector ({@code ShelfAnnex}, {@code MetadataShelf}); the conformance kit's
 * deliberately broken connectors extend it too. Test scope only: never shipped.
 */
package io.metaingest.testconnectors;
