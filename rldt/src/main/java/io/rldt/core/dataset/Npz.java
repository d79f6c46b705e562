package io.rldt.core.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * numpy's {@code .npz}: a zip archive (stored or deflated, as {@code np.savez} / {@code np.savez_compressed}
 * write it) of {@code <name>.npy} members. Read into a name → {@link NdArray} map in archive order.
 */
public final class Npz {
    private Npz() {}

    public static Map<String, NdArray> read(Path file) {
        if (!Files.exists(file)) throw new DatasetException(file, null, "file does not exist");
        if (!Files.isRegularFile(file)) throw new DatasetException(file, null, "is not a regular file, expected a .npz archive");
        Map<String, NdArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                out.put(name, member(zip, e, file, name));
            }
        } catch (NoSuchFileException e) {
            throw new DatasetException(file, null, "file does not exist", e);
        } catch (ZipException e) {
            throw new DatasetException(file, null, "not a readable .npz (zip) archive; truncated or not written by "
                    + "np.savez? (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DatasetException(file, null, "cannot be read: " + e, e);
        }
        if (out.isEmpty()) throw new DatasetException(file, null, "the .npz archive holds no arrays");
        return out;
    }

    /**
     * One member, read straight into its array: its size is the zip entry's declared size (checked against
     * the .npy header before anything is allocated, and never read past), and its CRC-32 is verified as numpy's
     * zipfile does; {@link ZipFile} itself checks neither.
     */
    private static NdArray member(ZipFile zip, ZipEntry e, Path file, String name) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream raw = zip.getInputStream(e); CheckedInputStream in = new CheckedInputStream(raw, crc)) {
            long declared = e.getSize();
            if (declared < 0) throw new DatasetException(file, name, "the zip entry does not declare its size");
            NdArray a = Npy.read(in, declared, true, file, name);
            if (in.read() >= 0) {
                throw new DatasetException(file, name, "member decompresses to more than the " + declared
                        + " bytes its zip entry declares (corrupt or a zip bomb)");
            }
            if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                throw new DatasetException(file, name, String.format("member is corrupt: CRC-32 %08x, the archive "
                        + "says %08x", crc.getValue(), e.getCrc()));
            }
            return a;
        } catch (ZipException | java.io.EOFException ex) {
            throw new DatasetException(file, name, "member is corrupt or truncated (" + ex.getMessage() + ")", ex);
        }
    }

    /** 1980-01-01 00:00, the earliest DOS time a zip entry can carry (numpy writes the current time). */
    private static final long FIXED_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0)
            .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();

    /** Writes {@code arrays} as an uncompressed {@code .npz} (what {@code np.savez} writes), atomically. */
    public static void write(Path file, Map<String, NdArray> arrays) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                for (Map.Entry<String, NdArray> a : arrays.entrySet()) {
                    byte[] bytes = Npy.toBytes(a.getValue());
                    ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                    e.setMethod(ZipEntry.STORED);
                    e.setTime(FIXED_TIME); // same arrays, same bytes: a dataset file is a function of its content
                    e.setSize(bytes.length);
                    e.setCompressedSize(bytes.length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(bytes);
                    e.setCrc(crc.getValue());
                    zip.putNextEntry(e);
                    zip.write(bytes);
                    zip.closeEntry();
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
