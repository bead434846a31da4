package io.httppool.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Build step of the agent jar: removes the local variable tables (names of locals, for debuggers) from the bundled
 * libraries' class files, which keeps the jar under its size budget. Line numbers and source file names stay, so
 * stack traces through the libraries read as before; the agent's own classes (under the excluded prefix) keep
 * everything.
 *
 * <p>Arguments: the unpacked shaded jar's directory, the path prefix (with {@code /}) left untouched.
 */
public final class StripLocalVariables {
  private StripLocalVariables() {}

  public static void main(String[] args) throws IOException {
    Path root = Paths.get(args[0]);
    String keep = args[1];
    List<Path> classes;
    try (Stream<Path> files = Files.walk(root)) {
      classes = files.filter(file -> file.toString().endsWith(".class"))
          .filter(file -> !root.relativize(file).toString().replace('\\', '/').startsWith(keep))
          .collect(Collectors.toList());
    }
    long before = 0;
    long after = 0;
    for (Path file : classes) {
      byte[] original = Files.readAllBytes(file);
      byte[] stripped = strip(original);
      Files.write(file, stripped);
      before += original.length;
      after += stripped.length;
    }
    System.out.println("local variable tables removed from " + classes.size() + " library classes: "
        + before + " -> " + after + " bytes");
  }

  static byte[] strip(byte[] classFile) {
    ClassWriter writer = new ClassWriter(0);
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
          @Override
          public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end,
              int index) {
            // dropped: a debugger's names for locals, not needed to run or to read a stack trace
          }
        };
      }
    }, 0);
    return writer.toByteArray();
  }
}
