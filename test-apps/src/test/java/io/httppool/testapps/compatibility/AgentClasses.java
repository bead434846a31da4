package io.httppool.testapps.compatibility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * What the agent's compiled classes reach outside themselves: every class, field and method their bytecode links
 * to (the linked code is compiled against one library version and linked against whichever the application has),
 * and every string constant of the instrumentation, in code or in annotations such as
 * {@code @Advice.FieldValue("serverSocket")}, that may name a library member it reaches reflectively.
 */
final class AgentClasses {
  enum Kind { CLASS, FIELD, METHOD }

  /** {@code descriptor} is null for a class; {@code from} is the agent class that holds the reference. */
  record Reference(Kind kind, String owner, String name, String descriptor, String from) {
    String describe() {
      String type = owner.replace('/', '.');
      return switch (kind) {
        case CLASS -> "class " + type;
        case FIELD -> "field " + type + "." + name + " " + descriptor;
        case METHOD -> "method " + type + "." + name + descriptor;
      };
    }
  }

  record StringConstant(String value, String from) {}

  /** Reflective look-ups by member name ({@code Class.getMethod("put", ...)} and the like), for the gate. */
  private static final Set<String> LOOK_UPS = Set.of("getMethod", "getDeclaredMethod", "getField", "getDeclaredField");

  private static final String AGENT = "io/httppool/agent/";
  private static final String BOOTSTRAP = "io/httppool/bootstrap/";
  private static final String INSTRUMENTATION = AGENT + "instrumentation/";
  /**
   * Bootstrap classes that reach a family's library by name (advice inlined into java.base can call only the
   * bootstrap class path), and the instrumentation package whose strings they count as.
   */
  private static final Map<String, String> BOOTSTRAP_FAMILY_CODE =
      Map.of(BOOTSTRAP + "JdkHttpInternals", INSTRUMENTATION + "urlconnection/");

  private final List<Reference> references = new ArrayList<>();
  private final List<StringConstant> strings = new ArrayList<>();
  private final List<StringConstant> lookedUpNames = new ArrayList<>();

  private AgentClasses() {}

  /** Reads every class of the agent and of the agent's bootstrap part, under their class output directories. */
  static AgentClasses readFrom(Path classesDir, Path bootstrapClassesDir) {
    Path instrumentation = classesDir.resolve(INSTRUMENTATION);
    if (!Files.isDirectory(instrumentation)) {
      throw new IllegalStateException("no compiled agent instrumentation in " + instrumentation
          + ": build the agent module first");
    }
    AgentClasses agent = new AgentClasses();
    agent.readAll(classesDir.resolve(AGENT));
    agent.readAll(bootstrapClassesDir.resolve(BOOTSTRAP));
    return agent;
  }

  private void readAll(Path packageDir) {
    try (Stream<Path> files = Files.walk(packageDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        new ClassReader(Files.readAllBytes(file)).accept(new Scanner(), ClassReader.SKIP_FRAMES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the agent's classes in " + packageDir, e);
    }
  }

  /**
   * The instrumentation package a class's strings count as: its own, or, for a bootstrap class that reaches a
   * library by name, that family's.
   */
  static String codeOf(String agentClass) {
    return BOOTSTRAP_FAMILY_CODE.getOrDefault(agentClass, agentClass);
  }

  List<Reference> references() {
    return references;
  }

  /**
   * The names the family code passes straight to a reflective look-up: the string loaded last before the call with
   * no other call in between (a look-up whose name comes from elsewhere is not seen).
   */
  List<StringConstant> lookedUpNames() {
    return lookedUpNames;
  }

  List<StringConstant> strings() {
    return strings;
  }

  private final class Scanner extends ClassVisitor {
    private String current;
    /** An enum's constant names, which javac writes as strings: they name no library member. */
    private final Set<String> enumConstants = new HashSet<>();
    private final List<StringConstant> classStrings = new ArrayList<>();
    /** Strings elsewhere in the agent (settings, log lines) name no library member. */
    private boolean instrumentation;

    Scanner() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      current = name;
      instrumentation = codeOf(name).startsWith(INSTRUMENTATION);
      type(superName);
      for (String implemented : interfaces) {
        type(implemented);
      }
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      return new Strings();
    }

    @Override
    public void visitEnd() {
      for (StringConstant constant : classStrings) {
        if (!enumConstants.contains(constant.value())) {
          strings.add(constant);
        }
      }
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
      if ((access & Opcodes.ACC_ENUM) != 0) {
        enumConstants.add(name);
      }
      descriptorTypes(Type.getType(descriptor));
      if (value instanceof String text) {
        string(text);
      }
      return new FieldVisitor(Opcodes.ASM9) {
        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          return new Strings();
        }
      };
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
        String[] exceptions) {
      descriptorTypes(Type.getMethodType(descriptor));
      return new Code();
    }

    private void string(String text) {
      if (instrumentation) {
        classStrings.add(new StringConstant(text, current));
      }
    }

    private void type(String internalName) {
      if (internalName != null) {
        references.add(new Reference(Kind.CLASS, internalName, null, null, current));
      }
    }

    private void descriptorTypes(Type type) {
      if (type.getSort() == Type.METHOD) {
        descriptorTypes(type.getReturnType());
        for (Type argument : type.getArgumentTypes()) {
          descriptorTypes(argument);
        }
      } else if (type.getSort() == Type.ARRAY) {
        descriptorTypes(type.getElementType());
      } else if (type.getSort() == Type.OBJECT) {
        type(type.getInternalName());
      }
    }

    private void member(Kind kind, String owner, String name, String descriptor) {
      if (owner.startsWith("[")) {
        descriptorTypes(Type.getType(owner));
        return;
      }
      type(owner);
      descriptorTypes(kind == Kind.FIELD ? Type.getType(descriptor) : Type.getMethodType(descriptor));
      references.add(new Reference(kind, owner, name, descriptor, current));
    }

    private final class Code extends MethodVisitor {
      /** The string loaded last since the last call: the member name, when the next call is a look-up. */
      private String lastString;

      Code() {
        super(Opcodes.ASM9);
      }

      @Override
      public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        return new Strings();
      }

      @Override
      public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
        return new Strings();
      }

      @Override
      public void visitTypeInsn(int opcode, String type) {
        descriptorTypes(type.startsWith("[") ? Type.getType(type) : Type.getObjectType(type));
      }

      @Override
      public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        member(Kind.FIELD, owner, name, descriptor);
      }

      @Override
      public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
        member(Kind.METHOD, owner, name, descriptor);
        if (instrumentation && lastString != null && owner.equals("java/lang/Class") && LOOK_UPS.contains(name)) {
          lookedUpNames.add(new StringConstant(lastString, current));
        }
        lastString = null;
      }

      @Override
      public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        descriptorTypes(Type.getMethodType(descriptor));
        for (Object argument : arguments) {
          constant(argument);
        }
      }

      @Override
      public void visitLdcInsn(Object value) {
        constant(value);
      }

      @Override
      public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        type(type);
      }

      private void constant(Object value) {
        if (value instanceof String text) {
          lastString = text;
          string(text);
        } else if (value instanceof Type type) {
          descriptorTypes(type);
        } else if (value instanceof Handle handle) {
          boolean field = handle.getTag() <= Opcodes.H_PUTSTATIC;
          member(field ? Kind.FIELD : Kind.METHOD, handle.getOwner(), handle.getName(), handle.getDesc());
        }
      }
    }

    /** Collects the string values of an annotation, nested ones and arrays included. */
    private final class Strings extends AnnotationVisitor {
      Strings() {
        super(Opcodes.ASM9);
      }

      @Override
      public void visit(String name, Object value) {
        if (value instanceof String text) {
          string(text);
        }
      }

      @Override
      public AnnotationVisitor visitAnnotation(String name, String descriptor) {
        return this;
      }

      @Override
      public AnnotationVisitor visitArray(String name) {
        return this;
      }
    }
  }
}
