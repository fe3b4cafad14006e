package io.metaingest.api;

/**
 * A problem with a workflow's settings that a connector finds and its JSON Schema cannot state
 * (the syntax of a SQL condition, say); see {@link ServiceSpec#settingProblems}.
 *
 * @param path where, under the workflow's {@code source}, e.g. {@code sourceConfig.config.filterCondition}
 * @param message what is wrong and how to fix it, on one line, without secret values
 */
public record SettingProblem(String path, String message) {
}
