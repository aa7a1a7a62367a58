package org.hearken.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.hearken.platform.Sizes;
import org.springframework.web.multipart.MultipartFile;

/**
 * Which files Hearken accepts, from the public form, the private status page and staff alike: at most so many, each
 * no larger than the limit, of an accepted type. The type comes from the file name's extension and, where the format
 * has a signature, the content must carry it, so a program renamed to {@code .pdf} is refused. Files are only ever
 * served to staff as downloads.
 */
final class FormAttachments {

    /** A file as it came from the browser; {@code data} may be left empty when {@code size} is over the limit. */
    record Upload(String filename, long size, byte[] data) {}

    /** A file that passed, with a cleaned name and the content type that goes with its extension. */
    record Accepted(String filename, String contentType, byte[] data) {}

    record Checked(List<String> problems, List<Accepted> accepted) {}

    private record Type(String contentType, byte[][] signatures) {}

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] OLE = {
        (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };

    private static final Map<String, Type> KNOWN = Map.ofEntries(
            Map.entry("pdf", type("application/pdf", "%PDF-".getBytes(StandardCharsets.US_ASCII))),
            Map.entry("jpg", type("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})),
            Map.entry("jpeg", type("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})),
            Map.entry("png", type("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})),
            Map.entry(
                    "gif",
                    type(
                            "image/gif",
                            "GIF87a".getBytes(StandardCharsets.US_ASCII),
                            "GIF89a".getBytes(StandardCharsets.US_ASCII))),
            Map.entry("txt", type("text/plain")),
            Map.entry("doc", type("application/msword", OLE)),
            Map.entry("docx", type("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP)),
            Map.entry("odt", type("application/vnd.oasis.opendocument.text", ZIP)),
            Map.entry("rtf", type("application/rtf", "{\\rtf".getBytes(StandardCharsets.US_ASCII))));

    private final int maxFiles;
    private final long maxBytes;
    private final List<String> extensions;

    FormAttachments(int maxFiles, long maxBytes, List<String> extensions) {
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
        this.extensions = extensions.stream()
                .map(e -> e.strip().toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
                .filter(e -> !e.isEmpty())
                .distinct()
                .toList();
    }

    static FormAttachments of(PublicFormSettings settings) {
        return new FormAttachments(
                settings.maxAttachments(), settings.maxAttachmentSize().toBytes(), settings.attachmentTypes());
    }

    int maxFiles() {
        return maxFiles;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** For the {@code accept} attribute of the file input, e.g. ".pdf,.jpg". */
    String accept() {
        return extensions.stream().map(e -> "." + e).collect(Collectors.joining(","));
    }

    /** In words for the hint, e.g. "PDF, JPG, PNG or TXT". */
    String typesInWords() {
        List<String> upper =
                extensions.stream().map(e -> e.toUpperCase(Locale.ROOT)).toList();
        if (upper.size() <= 1) {
            return String.join("", upper);
        }
        return String.join(", ", upper.subList(0, upper.size() - 1)) + " or " + upper.getLast();
    }

    /** The size limit in words, e.g. "5 MB". */
    String sizeInWords() {
        return Sizes.inWords(maxBytes);
    }

    /**
     * The files a form sent, as uploads to {@link #check}: the empty part a browser sends when no file was chosen is
     * left out, and a file over the limit is refused by its size, without reading it into memory.
     */
    List<Upload> uploads(List<MultipartFile> files) {
        if (files == null) {
            return List.of();
        }
        List<Upload> uploads = new ArrayList<>();
        for (MultipartFile file : files) {
            if (!chosen(file)) {
                continue;
            }
            try {
                byte[] data = file.getSize() > maxBytes ? new byte[0] : file.getBytes();
                uploads.add(new Upload(file.getOriginalFilename(), file.getSize(), data));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return uploads;
    }

    /** Whether the part holds a chosen file (a browser sends an empty, nameless part when none was). */
    static boolean chosen(MultipartFile file) {
        return file != null
                && (!file.isEmpty()
                        || (file.getOriginalFilename() != null
                                && !file.getOriginalFilename().isBlank()));
    }

    Checked check(List<Upload> uploads) {
        List<Upload> files = uploads.stream()
                .filter(u -> u.filename() != null && !u.filename().isBlank())
                .toList();
        List<String> problems = new ArrayList<>();
        if (files.size() > maxFiles) {
            problems.add("You can attach up to " + maxFiles + (maxFiles == 1 ? " file" : " files"));
            return new Checked(problems, List.of());
        }
        List<Accepted> accepted = new ArrayList<>();
        for (Upload file : files) {
            String name = cleanName(file.filename());
            String extension = extension(name);
            if (extension == null || !extensions.contains(extension)) {
                problems.add("‘" + name + "’ is not a type of file we accept. Attach " + typesInWords() + " files");
            } else if (file.size() > maxBytes || file.data().length > maxBytes) {
                problems.add("‘" + name + "’ is larger than " + sizeInWords() + "; attach a smaller file");
            } else if (file.size() == 0 || file.data().length == 0) {
                problems.add("‘" + name + "’ is empty");
            } else if (!looksLike(extension, file.data())) {
                problems.add("‘" + name + "’ is not a " + extension.toUpperCase(Locale.ROOT)
                        + " file; check that you chose the right file");
            } else {
                Type type = KNOWN.get(extension);
                accepted.add(new Accepted(
                        name, type == null ? "application/octet-stream" : type.contentType(), file.data()));
            }
        }
        return problems.isEmpty()
                ? new Checked(List.of(), List.copyOf(accepted))
                : new Checked(List.copyOf(problems), List.of());
    }

    /** The last part of the name (some browsers send a whole path), without control characters, at most 200 characters. */
    static String cleanName(String filename) {
        String name = filename.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = name.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "attachment";
        }
        if (name.length() > 200) {
            String extension = extension(name);
            name = extension == null || extension.length() > 10
                    ? name.substring(0, 200)
                    : name.substring(0, 199 - extension.length()) + "." + extension;
        }
        return name;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot == name.length() - 1
                ? null
                : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean looksLike(String extension, byte[] data) {
        if (extension.equals("txt")) {
            // Text has no signature, but it has no NUL bytes either.
            for (byte b : data) {
                if (b == 0) {
                    return false;
                }
            }
            return true;
        }
        Type type = KNOWN.get(extension);
        if (type == null || type.signatures().length == 0) {
            return true;
        }
        for (byte[] signature : type.signatures()) {
            if (data.length >= signature.length
                    && Arrays.equals(data, 0, signature.length, signature, 0, signature.length)) {
                return true;
            }
        }
        return false;
    }

    private static Type type(String contentType, byte[]... signatures) {
        return new Type(contentType, signatures);
    }
}
