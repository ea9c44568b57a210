package syncf.transfer.control;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import syncf.storage.control.BaseDirectory;
import syncf.storage.control.Capabilities;
import syncf.storage.control.ConfinedPath;
import syncf.storage.control.Durability;
import syncf.storage.control.LocalStorage;
import syncf.storage.control.Location;
import syncf.storage.control.Storage;

/** The local storage the copiers' tests write through, and their temporary paths as its locations. */
final class Stored {

    static final Storage SYNCED = storage(Durability.SYNCED);

    private Stored() {
    }

    /** The tests name their paths themselves (in a temporary directory), so the base only has to exist. */
    static Storage storage(Durability durability) {
        return new LocalStorage(BaseDirectory.open(Path.of(System.getProperty("java.io.tmpdir"))), durability);
    }

    static Location at(Path path) {
        return new ConfinedPath(path.toString(), path);
    }

    /** A task's locations between two temporary paths, both in {@code storage}. */
    static TaskLocations between(Storage storage, Path source, Path target) {
        return new TaskLocations(storage, at(source), storage, at(target));
    }

    static TaskLocations between(Path source, Path target) {
        return between(SYNCED, source, target);
    }

    /**
     * The local storage as a store whose staged bytes cannot be read back (an S3 multipart
     * upload's): a resume must take its digest from the checkpoint, or from the source.
     */
    static Storage unreadableStage(Storage local) {
        Capabilities own = local.capabilities();
        Capabilities unreadable = new Capabilities(own.links(), own.emptyDirectories(), own.modificationTimes(),
                own.serverSideCopy(), false);
        return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("capabilities")) {
                        return unreadable;
                    }
                    try {
                        return method.invoke(local, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    static Path path(Location location) {
        return ((ConfinedPath) location).location();
    }
}
