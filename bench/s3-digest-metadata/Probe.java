import java.net.URI;
import java.security.MessageDigest;
import java.util.*;
import software.amazon.awssdk.auth.credentials.*;
import software.amazon.awssdk.core.checksums.*;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.*;

public class Probe {
  static S3Client c;
  static String B = "probe";
  static String hex(byte[] b) { return HexFormat.of().formatHex(b); }
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]); String what = a[1]; int mib = Integer.parseInt(a[2]);
    c = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).httpClientBuilder(Apache5HttpClient.builder())
      .region(Region.US_EAST_1).forcePathStyle(true)
      .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("probe-access", "probe-secret")))
      .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    try { c.createBucket(r -> r.bucket(B)); } catch (S3Exception e) { }
    String key = "obj-" + mib + "m";
    long size = (long) mib << 20;
    if (what.equals("upload")) { System.out.println("sha256 " + upload(key, size)); return; }
    HeadObjectResponse h = c.headObject(r -> r.bucket(B).key(key));
    System.out.println("HEAD etag=" + h.eTag() + " size=" + h.contentLength() + " meta=" + h.metadata() + " lm=" + h.lastModified());
    switch (what) {
      case "selfcopy" -> {
        long t = System.nanoTime();
        CopyObjectResponse r = c.copyObject(q -> q.sourceBucket(B).sourceKey(key).copySourceIfMatch(h.eTag())
          .destinationBucket(B).destinationKey(key).metadataDirective(MetadataDirective.REPLACE)
          .metadata(Map.of("mtime", "1700000000.5", "sha256", a[3])));
        System.out.printf("self CopyObject %d MiB: %.2f s, new etag %s%n", mib, (System.nanoTime() - t) / 1e9, r.copyObjectResult().eTag());
        HeadObjectResponse h2 = c.headObject(q -> q.bucket(B).key(key));
        System.out.println("HEAD after: etag=" + h2.eTag() + " size=" + h2.contentLength() + " meta=" + h2.metadata());
      }
      case "selfcopy-stale" -> {
        try { c.copyObject(q -> q.sourceBucket(B).sourceKey(key).copySourceIfMatch("\"0123456789abcdef0123456789abcdef\"")
          .destinationBucket(B).destinationKey(key).metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("x", "y")));
          System.out.println("stale self copy: accepted (!)");
        } catch (S3Exception e) { System.out.println("stale self copy: " + e.statusCode() + " " + e.awsErrorDetails().errorCode()); }
      }
      case "tag" -> {
        long t = System.nanoTime();
        try {
          c.putObjectTagging(q -> q.bucket(B).key(key).tagging(tg -> tg.tagSet(Tag.builder().key("sha256").value(a[3]).build())));
          System.out.printf("PutObjectTagging: ok %.3f s%n", (System.nanoTime() - t) / 1e9);
          System.out.println("GetObjectTagging: " + c.getObjectTagging(q -> q.bucket(B).key(key)).tagSet());
        } catch (S3Exception e) { System.out.printf("PutObjectTagging: %d %s (%.3f s)%n", e.statusCode(), e.awsErrorDetails().errorCode(), (System.nanoTime() - t) / 1e9); }
        try { System.out.println("GetObjectTagging: " + c.getObjectTagging(q -> q.bucket(B).key(key)).tagSet()); }
        catch (S3Exception e) { System.out.println("GetObjectTagging: " + e.statusCode() + " " + e.awsErrorDetails().errorCode()); }
      }
      case "partcopy", "partcopy-self", "partcopy-stale" -> {
        String to = what.equals("partcopy-self") ? key : key + "-pc";
        long part = Long.parseLong(a[3]) << 20;
        String etag = what.equals("partcopy-stale") ? "\"0123456789abcdef0123456789abcdef\"" : h.eTag();
        long t = System.nanoTime();
        String id = c.createMultipartUpload(q -> q.bucket(B).key(to).metadata(Map.of("mtime", "1700000000.5", "sha256", "ab"))).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        try {
          int n = 1;
          for (long off = 0; off < size; off += part, n++) {
            long end = Math.min(size, off + part) - 1; int num = n; long o = off;
            UploadPartCopyResponse r = c.uploadPartCopy(q -> q.sourceBucket(B).sourceKey(key).copySourceIfMatch(etag)
              .copySourceRange("bytes=" + o + "-" + end).destinationBucket(B).destinationKey(to).uploadId(id).partNumber(num));
            parts.add(CompletedPart.builder().partNumber(num).eTag(r.copyPartResult().eTag()).build());
          }
          CompleteMultipartUploadResponse done = c.completeMultipartUpload(q -> q.bucket(B).key(to).uploadId(id).multipartUpload(u -> u.parts(parts)));
          System.out.printf("UploadPartCopy %d MiB in %d parts to %s: %.2f s, etag %s%n", mib, parts.size(), to, (System.nanoTime() - t) / 1e9, done.eTag());
          HeadObjectResponse h2 = c.headObject(q -> q.bucket(B).key(to));
          System.out.println("HEAD after: etag=" + h2.eTag() + " size=" + h2.contentLength() + " meta=" + h2.metadata());
        } catch (S3Exception e) {
          System.out.println("UploadPartCopy: " + e.statusCode() + " " + e.awsErrorDetails().errorCode() + " after " + parts.size() + " parts");
          c.abortMultipartUpload(q -> q.bucket(B).key(to).uploadId(id));
        }
        System.out.println("uploads left: " + c.listMultipartUploads(q -> q.bucket(B)).uploads().size());
      }
      case "sha" -> {
        String k = a.length > 3 ? a[3] : key;
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (var in = c.getObject(q -> q.bucket(B).key(k))) { byte[] buf = new byte[1 << 20]; int n; while ((n = in.read(buf)) > 0) d.update(buf, 0, n); }
        System.out.println("sha256 of " + k + ": " + hex(d.digest()));
      }
    }
  }
  static String upload(String key, long size) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    Random rnd = new Random(size);
    int part = 8 << 20;
    String id = c.createMultipartUpload(q -> q.bucket(B).key(key).metadata(Map.of("mtime", "1700000000.5"))).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    byte[] buf = new byte[part];
    long t = System.nanoTime();
    for (int n = 1; (long) (n - 1) * part < size; n++) {
      int len = (int) Math.min(part, size - (long) (n - 1) * part);
      rnd.nextBytes(buf); d.update(buf, 0, len); int num = n;
      String e = c.uploadPart(q -> q.bucket(B).key(key).uploadId(id).partNumber(num).contentLength((long) len), RequestBody.fromBytes(Arrays.copyOf(buf, len))).eTag();
      parts.add(CompletedPart.builder().partNumber(n).eTag(e).build());
    }
    c.completeMultipartUpload(q -> q.bucket(B).key(key).uploadId(id).multipartUpload(u -> u.parts(parts)));
    System.out.printf("multipart upload %s (%d parts): %.2f s%n", key, parts.size(), (System.nanoTime() - t) / 1e9);
    return hex(d.digest());
  }
}
