package io.metaingest.api;

/**
 * A problem with a workflow's settings that a connector finds and its JSON Schema cannot state
 * (the syntax of a SQL condition, say); see {@link ServiceSpec#settingProblems}.
 *
 * @param path where, under the workflow's {@code source}, e.g. {@code sourceConfig.config.filterCondition}
 * @param message what is wrong and how to fix it, on one line, without secret values
 * @param machineDependent whether the problem is of the machine that loads the file rather than of the file (a file
 *                         the setting names is not here): {@code validate} refuses it, but a check of the file as
 *                         written ({@code migrate}'s, often run elsewhere than the workflow) leaves it out
 */
public record SettingProblem(String path, String message, boolean machineDependent) {

    /** A problem of the file itself, wherever it is loaded. */
    public SettingProblem(String path, String message) {
        this(path, message, false);
    }

    /** A problem of this machine rather than of the file: a file the setting names is not here. */
    public static SettingProblem ofThisMachine(String path, String message) {
        return new SettingProblem(path, message, true);
    }

    /** The same problem at {@code other} (a path relative to a part of the settings, told from {@code source}). */
    public SettingProblem at(String other) {
        return new SettingProblem(other, message, machineDependent);
    }
}
