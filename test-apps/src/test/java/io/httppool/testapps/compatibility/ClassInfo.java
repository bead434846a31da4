package io.httppool.testapps.compatibility;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/** What a class file declares: its supertypes, fields and methods (names and descriptors), no code. */
record ClassInfo(String name, String superName, List<String> interfaces, List<Member> fields,
    List<Member> methods) {

  record Member(String name, String descriptor, int access) {
    boolean isPublic() {
      return (access & Opcodes.ACC_PUBLIC) != 0;
    }

    boolean isStatic() {
      return (access & Opcodes.ACC_STATIC) != 0;
    }
  }

  /** The Java version whose class files the ASM inside Byte Buddy 1.14 still reads. */
  private static final int NEWEST_READABLE_MAJOR = 67;

  static ClassInfo read(byte[] classFile) {
    List<Member> fields = new ArrayList<>();
    List<Member> methods = new ArrayList<>();
    String[] header = new String[2];
    List<String> interfaces = new ArrayList<>();
    new ClassReader(readableVersion(classFile)).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName,
          String[] implemented) {
        header[0] = name;
        header[1] = superName;
        interfaces.addAll(List.of(implemented == null ? new String[0] : implemented));
      }

      @Override
      public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        fields.add(new Member(name, descriptor, access));
        return null;
      }

      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        methods.add(new Member(name, descriptor, access));
        return null;
      }
    }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return new ClassInfo(header[0], header[1], List.copyOf(interfaces), List.copyOf(fields), List.copyOf(methods));
  }

  /**
   * A newer JDK's class files (Temurin 25's) carry a major version this ASM refuses; their header, fields and
   * methods read the same, so the copy claims the newest version it knows.
   */
  private static byte[] readableVersion(byte[] classFile) {
    int major = ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    if (major <= NEWEST_READABLE_MAJOR) {
      return classFile;
    }
    byte[] copy = classFile.clone();
    copy[6] = (byte) (NEWEST_READABLE_MAJOR >> 8);
    copy[7] = (byte) NEWEST_READABLE_MAJOR;
    return copy;
  }
}
