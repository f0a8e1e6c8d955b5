import { z } from 'zod';

/** Guangdong's 21 prefecture-level cities (地级市), the scope of municipal tech bureaus. */
export const GUANGDONG_CITIES = [
  '广州',
  '深圳',
  '珠海',
  '汕头',
  '佛山',
  '韶关',
  '河源',
  '梅州',
  '惠州',
  '汕尾',
  '东莞',
  '中山',
  '江门',
  '阳江',
  '湛江',
  '茂名',
  '肇庆',
  '清远',
  '潮州',
  '揭阳',
  '云浮',
] as const;

export const City = z.enum(GUANGDONG_CITIES).describe('广东省地级市');
export type City = z.infer<typeof City>;
