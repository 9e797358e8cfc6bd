package io.connlens.testapp.plain;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Defines, with ASM, a {@code java.sql.Connection} implementation whose {@code close()} is so close to
 * the JVM's 64 KiB limit for a method's code that the advice connlens adds cannot fit: a class it cannot
 * instrument, as huge generated methods sometimes are. The class is defined unchanged and connlens
 * records one instrumentation error.
 */
final class HugeMethodClass {
  static final String NAME = "io.connlens.testapp.plain.generated.HugeCloseConnection";
  /** close()'s code: this many no-ops and a return, a few bytes under the 65,535 limit. */
  static final int NO_OPS = 65_520;

  private HugeMethodClass() {}

  /** Defines the class in a loader of its own; returns it. */
  static Class<?> define() {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    String internalName = NAME.replace('.', '/');
    writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, internalName, null, "java/lang/Object",
        new String[] {"java/sql/Connection"});
    MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    constructor.visitCode();
    constructor.visitVarInsn(Opcodes.ALOAD, 0);
    constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    constructor.visitInsn(Opcodes.RETURN);
    constructor.visitMaxs(0, 0);
    constructor.visitEnd();
    MethodVisitor close = writer.visitMethod(Opcodes.ACC_PUBLIC, "close", "()V", null, null);
    close.visitCode();
    for (int i = 0; i < NO_OPS; i++) {
      close.visitInsn(Opcodes.NOP);
    }
    close.visitInsn(Opcodes.RETURN);
    close.visitMaxs(0, 0);
    close.visitEnd();
    writer.visitEnd();
    byte[] bytes = writer.toByteArray();
    return new ClassLoader(HugeMethodClass.class.getClassLoader()) {
      Class<?> define() {
        return defineClass(NAME, bytes, 0, bytes.length);
      }
    }.define();
  }
}
