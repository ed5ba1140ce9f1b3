import { uploadProductImage } from "../services/shop/product-images";
import { createProduct, getProduct, listProducts, setProductStatus, updateProduct } from "../services/shop/products";
import { productCreateInput, productIdInput, productListInput, productSetStatusInput, productUpdateInput } from "../services/shop/schemas";
import { createTRPCRouter, creatorFormProcedure, creatorProcedure } from "../trpc";

/** A creator's catalog: products, variants, images, archive (services/shop). */
export const productRouter = createTRPCRouter({
  list: creatorProcedure.input(productListInput).query(({ ctx, input }) => listProducts(ctx.deps, input)),
  get: creatorProcedure.input(productIdInput).query(({ ctx, input }) => getProduct(ctx.deps, input)),
  create: creatorProcedure.input(productCreateInput).mutation(({ ctx, input }) => createProduct(ctx.deps, input)),
  update: creatorProcedure.input(productUpdateInput).mutation(({ ctx, input }) => updateProduct(ctx.deps, input)),
  setStatus: creatorProcedure.input(productSetStatusInput).mutation(({ ctx, input }) => setProductStatus(ctx.deps, input)),
  /** Multipart FormData (`file`), over HTTP only: returns the key product.create/update take. */
  uploadImage: creatorFormProcedure.mutation(({ ctx, input }) => uploadProductImage(ctx.deps, input)),
});
