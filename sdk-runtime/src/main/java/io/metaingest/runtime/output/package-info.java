/**
 * What the run binds for steps that print: shared by the runner, which binds it, and the built-in
 * steps, which inject it, without either importing the other.
 */
package io.metaingest.runtime.output;
