package syncf.storage.control;

import java.nio.file.Path;

/**
 * Where an entry collects until it is whole: a hidden sibling of the target, named after it, so
 * that whichever worker resumes a copy finds it, and whoever ends a killed job can remove it.
 */
public final class PartFile {

    public static final String SUFFIX = ".syncf-part";

    private PartFile() {
    }

    public static Path of(Path target) {
        return target.resolveSibling("." + target.getFileName() + SUFFIX);
    }
}
