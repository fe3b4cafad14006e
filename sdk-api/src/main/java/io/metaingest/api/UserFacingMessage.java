package io.metaingest.api;

/**
 * Marks an exception whose message is complete and written for users: one line, secret-free, naming
 * what failed and why. {@link StepError#oneLine} prints such a message as it is, without the class
 * name that other exceptions get (a {@code NullPointerException}'s name helps a connector's author;
 * {@code VendorApiException: } in front of a vendor's answer only clutters the run's summary).
 *
 * <p>In {@code sdk-api}, which plugins load from the runtime's class loader, because each plugin carries
 * its own copy of the toolkit: the runtime cannot recognise that copy's exception classes, but it does
 * recognise this interface on them.
 */
public interface UserFacingMessage {
}
