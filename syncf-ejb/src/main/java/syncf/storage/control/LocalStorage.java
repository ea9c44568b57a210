package syncf.storage.control;

import static java.lang.System.Logger.Level.DEBUG;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code local} backend: a directory tree under the base directory ({@link BaseDirectory}
 * confines every path), written through part files ({@link PartFile}) renamed into place, fsynced
 * as {@link Durability} says, with modification times, symbolic links and empty directories kept.
 */
public final class LocalStorage implements Storage {

    private static final System.Logger LOG = System.getLogger(LocalStorage.class.getName());
    private static final Capabilities CAPABILITIES = new Capabilities(true, true, true, false, true);

    private final BaseDirectory base;
    private final Durability durability;

    public LocalStorage(BaseDirectory base, Durability durability) {
        this.base = base;
        this.durability = durability;
    }

    @Override
    public String type() {
        return "local";
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ConfinedPath locate(String field, String path) {
        return base.confine(field, path);
    }

    @Override
    public ConfinedPath locateEntry(String field, String path) {
        return base.confineEntry(field, path);
    }

    @Override
    public Optional<Entry> stat(Location at) throws IOException {
        Path path = pathOf(at);
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Path name = path.getFileName();
            return Optional.of(entry(at, path, name == null ? "" : name.toString(), attributes));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** A readable entry with a name SyncF can carry; a link's target read (never followed). */
    private static Entry entry(Location at, Path path, String name, BasicFileAttributes attributes) {
        Version version = Version.of(attributes.size(), attributes.lastModifiedTime().toMillis());
        if (attributes.isRegularFile()) {
            return new Entry(at, name, Entry.Type.FILE, version, null, null);
        } else if (attributes.isDirectory()) {
            return new Entry(at, name, Entry.Type.DIRECTORY, version, null, null);
        } else if (!attributes.isSymbolicLink()) {
            return new Entry(at, name, Entry.Type.OTHER, version, null, null);
        }
        try {
            Path read = Files.readSymbolicLink(path);
            String target = EntryNames.displayTarget(read);
            return new Entry(at, name, Entry.Type.LINK, version, target, target.equals(read.toString()) ? null
                    : "symbolic link target is not valid UTF-8 (shown with each byte that is not as \\xNN); SyncF keeps"
                            + " link targets as UTF-8 text, so it cannot recreate this one byte for byte");
        } catch (IOException e) {
            LOG.log(DEBUG, "Cannot read the link {0}: {1}", name, e.toString());
            return new Entry(at, name, Entry.Type.LINK, version, null, null);
        }
    }

    /**
     * One entry of a listing. A name SyncF cannot carry (not UTF-8, a path past PATH_MAX) is
     * reported with why, its attributes read relative to its open directory ({@code fstatat}),
     * which works even when its path is too long to be used.
     */
    private static Entry listed(DirectoryStream<Path> stream, ConfinedPath dir, Path entry) {
        String name = entry.getFileName().toString();
        Location at = new ConfinedPath(dir.relative().isEmpty() ? name : dir.relative() + "/" + name, entry);
        String unfit = EntryNames.reasonToSkip(entry);
        BasicFileAttributes attributes;
        try {
            attributes = unfit != null && stream instanceof SecureDirectoryStream<Path> open
                    ? open.getFileAttributeView(entry.getFileName(), BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).readAttributes()
                    : Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            // vanished or unreadable between listing and reading: a later listing sees it again
            LOG.log(DEBUG, "Listing skips {0}: {1}", entry.getFileName(), e.toString());
            attributes = null;
        }
        if (unfit == null) {
            return attributes == null ? new Entry(at, name, Entry.Type.OTHER, Version.of(0, 0), null, null)
                    : entry(at, entry, name, attributes);
        }
        String shown = EntryNames.displayName(entry);
        if (attributes == null) {
            return new Entry(at, shown, Entry.Type.FILE, Version.of(0, 0), null, unfit);
        }
        Entry.Type type = attributes.isRegularFile() ? Entry.Type.FILE
                : attributes.isDirectory() ? Entry.Type.DIRECTORY
                : attributes.isSymbolicLink() ? Entry.Type.LINK : Entry.Type.OTHER;
        return new Entry(at, shown, type, Version.of(attributes.size(), attributes.lastModifiedTime().toMillis()), null,
                unfit);
    }

    @Override
    public Listing list(Location directory) throws IOException {
        ConfinedPath dir = confined(directory);
        DirectoryStream<Path> stream = Files.newDirectoryStream(dir.location());
        Iterator<Path> entries = stream.iterator();
        return new Listing() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public Entry next() {
                return listed(stream, dir, entries.next());
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    @Override
    public Location parent(Location at) {
        ConfinedPath path = confined(at);
        Path parent = path.location().getParent();
        if (parent == null) {
            return null;
        }
        int slash = path.relative().lastIndexOf('/');
        return new ConfinedPath(slash < 0 ? "" : path.relative().substring(0, slash), parent);
    }

    @Override
    public boolean within(Location inner, Location outer) {
        return pathOf(inner).startsWith(pathOf(outer));
    }

    @Override
    public VersionedRead open(Location file, Version expected) throws IOException {
        Path path = pathOf(file);
        expected.requireIn(stat(file));
        FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
        return new VersionedRead() {
            @Override
            public int read(ByteBuffer into, long position) throws IOException {
                int read = readFully(in, into, position);
                requireUnchanged(); // after the read: the bytes read are of the expected version
                return read;
            }

            @Override
            public long modifiedAt() {
                return expected.modifiedAt();
            }

            @Override
            public void requireUnchanged() throws IOException {
                expected.requireIn(stat(file));
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public StagedWrite stage(Location target, long size, long modifiedAt, String resume) throws IOException {
        Path to = pathOf(target);
        Path part = PartFile.of(to);
        Files.createDirectories(to.getParent());
        FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            // the lock lives as long as the channel: closing it releases the lock
            TargetBusy.lockOrThrow(out, to);
        } catch (IOException e) {
            out.close();
            throw e;
        }
        return new LocalStagedWrite(target, to, part, out, modifiedAt);
    }

    @Override
    public boolean abandon(Location target) throws IOException {
        return Files.deleteIfExists(PartFile.of(pathOf(target)));
    }

    @Override
    public Map<StagedWrite, IOException> settle(Collection<StagedWrite> committed) {
        Map<Path, IOException> failedDirectories = new LinkedHashMap<>();
        Set<Path> directories = new LinkedHashSet<>();
        for (StagedWrite write : committed) {
            directories.addAll(((LocalStagedWrite) write).directories());
        }
        for (Path directory : directories) {
            try {
                durability.forceDirectory(directory);
            } catch (IOException e) {
                failedDirectories.put(directory, e);
            }
        }
        Map<StagedWrite, IOException> failed = new LinkedHashMap<>();
        if (!failedDirectories.isEmpty()) {
            for (StagedWrite write : committed) {
                for (Path directory : ((LocalStagedWrite) write).directories()) {
                    IOException e = failedDirectories.get(directory);
                    if (e != null) {
                        failed.putIfAbsent(write, e);
                    }
                }
            }
        }
        return failed;
    }

    @Override
    public void makeDirectory(Location directory, long modifiedAt) throws IOException {
        Path path = pathOf(directory);
        Files.createDirectories(path);
        Files.setLastModifiedTime(path, FileTime.fromMillis(modifiedAt));
    }

    @Override
    public Optional<String> readLink(Location link) throws IOException {
        try {
            return Optional.of(Files.readSymbolicLink(pathOf(link)).toString());
        } catch (NotLinkException e) {
            return Optional.empty();
        }
    }

    @Override
    public void link(Location at, String linkTarget) throws IOException {
        Path target = pathOf(at);
        Files.createDirectories(target.getParent());
        Path part = PartFile.of(target);
        Files.deleteIfExists(part);
        Files.createSymbolicLink(part, Path.of(linkTarget));
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public boolean delete(Location at) throws IOException {
        return Files.deleteIfExists(pathOf(at));
    }

    @Override
    public String describe(IOException e, Location source, Location sink) {
        return IoErrorMessage.of(e, source == null ? null : pathOf(source), sink == null ? null : pathOf(sink));
    }

    /** Reads until {@code into} is full or the file ends, at {@code position}; flipped. */
    static int readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        int start = into.position();
        while (into.hasRemaining()) {
            if (channel.read(into, position + into.position() - start) < 0) {
                break;
            }
        }
        into.flip();
        return into.limit() - start;
    }

    private static ConfinedPath confined(Location at) {
        if (at instanceof ConfinedPath confined) {
            return confined;
        }
        throw new IllegalArgumentException("not a location of the local storage: " + at.relative());
    }

    private static Path pathOf(Location at) {
        return confined(at).location();
    }

    /** The part file of one target, locked while its channel is open. */
    private final class LocalStagedWrite implements StagedWrite {

        private final Location target;
        private final Path path;
        private final Path part;
        private final FileChannel out;
        private final long modifiedAt;

        LocalStagedWrite(Location target, Path path, Path part, FileChannel out, long modifiedAt) {
            this.target = target;
            this.path = path;
            this.part = part;
            this.out = out;
            this.modifiedAt = modifiedAt;
        }

        @Override
        public Location target() {
            return target;
        }

        @Override
        public long staged() throws IOException {
            return out.size();
        }

        /** The part file is found again from the target's name alone. */
        @Override
        public String resumeState() {
            return null;
        }

        @Override
        public void truncate(long size) throws IOException {
            out.truncate(size);
        }

        @Override
        public void write(ByteBuffer bytes, long position) throws IOException {
            long at = position;
            while (bytes.hasRemaining()) {
                at += out.write(bytes, at);
            }
        }

        @Override
        public int read(ByteBuffer into, long position) throws IOException {
            return readFully(out, into, position);
        }

        @Override
        public void force() throws IOException {
            durability.force(out);
        }

        /**
         * Renamed while still locked: no second copier can cut the part file between check and
         * rename. A local file keeps no digest beside it; the task records it.
         */
        @Override
        public void commit(String sha256) throws IOException {
            Files.setLastModifiedTime(part, FileTime.fromMillis(modifiedAt));
            Files.move(part, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            close();
        }

        /** The target's directory, and the part file's when a deep directory moved it up ({@link PartFile}). */
        Set<Path> directories() {
            Set<Path> directories = new LinkedHashSet<>();
            directories.add(path.getParent());
            directories.add(part.getParent());
            return directories;
        }

        /** Removes the part file while still holding its lock, then lets the lock go. */
        @Override
        public void abort() {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // the next copy of this target truncates it, a kill's clean-up removes it
                LOG.log(DEBUG, "Could not remove {0}: {1}", part, e.toString());
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                // closing releases the lock; the data was synced or is abandoned, nothing is lost
                LOG.log(DEBUG, "Closing a part file failed: {0}", e.toString());
            }
        }
    }
}
